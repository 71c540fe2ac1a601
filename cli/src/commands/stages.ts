import { stageCatalog } from '../services/stage-catalog';
import { WinnowCommand } from '../services/winnow-command';

export default class Stages extends WinnowCommand {
  static summary = 'List every stage and exporter from every plugin (bundled, installed, linked) with its options.';

  async run(): Promise<unknown> {
    const result = await stageCatalog(this.config);
    if (!this.jsonEnabled()) {
      for (const s of result.stages) {
        this.log(`${s.name}@${s.version}  [${s.partition}]  ${s.inputs.join(', ')} -> ${s.output}  (${s.plugin}@${s.pluginVersion}, ${s.kind})${s.optIn ? ' opt-in' : ''}`);
        if (s.description) this.log(`    ${s.description}`);
        for (const o of s.options) this.log(`    ${o.flag} <${o.type}> (default: ${JSON.stringify(o.default)})  ${o.description ?? ''}`);
      }
      for (const e of result.exporters) this.log(`export format ${e.name}@${e.version}  (${e.plugin}, ${e.kind})  ${e.description}`);
      for (const p of result.problems) this.warn(p.message);
    }
    return result;
  }
}
