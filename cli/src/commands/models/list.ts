import { ModelRegistry, formatSignature, type RegisteredModel } from '@winnow/annotate';
import { WinnowCommand } from '../../services/winnow-command';

export default class ModelsList extends WinnowCommand {
  static summary = "List the workspace's registered models: name, kind, sha256, file and signature.";
  static examples = ['<%= config.bin %> models list', '<%= config.bin %> models list --json'];

  async run(): Promise<{ models: RegisteredModel[] }> {
    const { flags } = await this.parse(ModelsList);
    const models = await new ModelRegistry(flags.workspace).list();
    if (!this.jsonEnabled()) {
      if (models.length === 0) this.log('No models registered. Add one with: winnow models add NAME PATH');
      for (const m of models) {
        this.log(`${m.name}  ${m.kind}  sha256 ${m.sha256.slice(0, 16)}...  ${m.path}`);
        this.log(`    ${formatSignature(m.signature)}`);
      }
    }
    return { models };
  }
}
