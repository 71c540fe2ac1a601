import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { ModelRegistry, type ModelKind, type RegisteredModel } from '@winnow/annotate';
import { WinnowCommand } from '../../services/winnow-command';

const KINDS: ModelKind[] = ['yolox', 'd-fine-native', 'd-fine-hf', 'sam2-encoder', 'sam2-decoder', 'sam2-decoder-orig-size', 'sam2-transformers-js'];

export default class ModelsAdd extends WinnowCommand {
  static summary = 'Register a local ONNX model under a name: checks it loads, recognises the export, records its sha256 and signature.';
  static description = 'Winnow never downloads models. A file that is none of the known exports (YOLOX, D-FINE native or Hugging Face, SAM 2 encoder/decoder) is refused with what was expected and what was found.';
  static examples = ['<%= config.bin %> models add yolox-nano ./yolox_nano.onnx', '<%= config.bin %> models add dfine-s ./dfine_s_obj2coco.onnx --expect d-fine-native'];
  static args = {
    name: Args.string({ description: 'Name stages refer to (lowercase, digits, . _ -).', required: true }),
    path: Args.string({ description: 'Path of the .onnx file.', required: true }),
  };
  static flags = {
    expect: Flags.string({ summary: 'Refuse the file unless it is this kind of export.', options: KINDS }),
    replace: Flags.boolean({ summary: 'Point an existing name at a different file.', default: false }),
  };

  async run(): Promise<RegisteredModel> {
    const { args, flags } = await this.parse(ModelsAdd);
    const entry = await this.guard(() => new ModelRegistry(flags.workspace).add(args.name, args.path, { expect: flags.expect as ModelKind | undefined, replace: flags.replace }));
    if (!this.jsonEnabled()) this.log(`Registered ${entry.name}: ${entry.kind} (${entry.description}), ${entry.bytes} bytes, sha256 ${entry.sha256}`);
    return entry;
  }

  /** Annotation errors carry a stable code and suggestions like the core's: show them the same way. */
  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const err = e as Error & { code?: string; suggestions?: string[]; details?: unknown };
      if (typeof err.code === 'string' && err.code.startsWith('ANNOTATE_')) {
        if (this.jsonEnabled()) {
          this.logJson({ error: { code: err.code, message: err.message, suggestions: err.suggestions ?? [], details: err.details ?? {} } });
          this.exit(2);
        }
        this.error(err.message, { code: err.code, exit: 2, suggestions: err.suggestions });
      }
      throw e;
    }
  }
}
