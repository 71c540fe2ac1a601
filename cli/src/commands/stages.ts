import { stageCatalog } from '../services/stage-catalog';
import { WinnowCommand } from '../services/winnow-command';

export default class Stages extends WinnowCommand {
  static summary = 'List every stage and exporter from every plugin (bundled, installed, linked) with its options.';

  async run(): Promise<unknown> {
    const result = await stageCatalog(this.config);
    if (!this.jsonEnabled()) {
      const lines: string[] = [];
      for (const s of result.stages) {
        lines.push(`${s.name}@${s.version}  [${s.partition}]  ${s.inputs.join(', ')} -> ${s.output}  (${s.plugin}@${s.pluginVersion}, ${s.kind})${s.optIn ? ' opt-in' : ''}`);
        if (s.description) lines.push(`    ${s.description}`);
        for (const o of s.options) lines.push(`    ${o.flag} <${o.type}> (default: ${JSON.stringify(o.default)})  ${o.description ?? ''}`);
      }
      for (const e of result.exporters) lines.push(`export format ${e.name}@${e.version}  (${e.plugin}, ${e.kind})  ${e.description}`);
      this.log(lines.join('\n')); // one write, not one per line
      for (const p of result.problems) this.warn(p.message);
    }
    return result;
  }
}
