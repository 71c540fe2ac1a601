import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { generatePlugin, type GenerateResult } from '../../services/generate-plugin';
import { WinnowCommand } from '../../services/winnow-command';

export default class GenerateExporter extends WinnowCommand {
  static summary = 'Create an exporter plugin package: TypeScript on defineExporter, options schema, README, a test.';
  static description =
    'Inside the Winnow monorepo it becomes plugins/export-NAME (extends the base tsconfig, workspace dependencies); elsewhere a standalone package ' +
    '(its own tsconfig, published dependency ranges) in the current folder if it is empty, or in ./winnow-export-NAME. With no edits it builds, passes ' +
    'its tests, links with `winnow plugins link` and is selectable with `winnow export --format NAME`.';
  static examples = ['<%= config.bin %> generate exporter my-csv'];
  static args = { name: Args.string({ description: 'Exporter (format) name: lowercase letters, digits and dashes.', required: true }) };
  static flags = {
    dir: Flags.string({ char: 'd', summary: 'Folder to create the package in.' }),
    package: Flags.string({ summary: 'npm package name.' }),
    description: Flags.string({ summary: 'One-line description of the exporter.' }),
    force: Flags.boolean({ summary: 'Write into a folder that is not empty.', default: false }),
  };

  async run(): Promise<GenerateResult> {
    const { args, flags } = await this.parse(GenerateExporter);
    const result = await generatePlugin({ kind: 'exporter', name: args.name, cwd: process.cwd(), dir: flags.dir, packageName: flags.package, description: flags.description, force: flags.force });
    this.log(`created ${result.packageName} (${result.mode}) in ${result.dir}: ${result.files.length} files${result.registeredIn ? `; added to ${result.registeredIn}` : ''}`);
    this.log(`next:\n  ${result.next.join('\n  ')}`);
    return result;
  }
}
