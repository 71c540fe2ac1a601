import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';

/** What every winnow command shares: `--workspace`, `--json`, and typed errors turned into clear exits. */
export abstract class WinnowCommand extends Command {
  static enableJsonFlag = true;

  static baseFlags = {
    workspace: Flags.string({ char: 'w', summary: 'Workspace folder holding state and artifacts.', default: '.winnow', env: 'WINNOW_WORKSPACE' }),
  };

  protected async catch(err: Error & { exitCode?: number }): Promise<unknown> {
    // Loaded on the error path only: listing commands must not pay for loading core.
    const { errorReport, isWinnowError } = await import('@winnow/core');
    // An exit the command asked for (this.exit) is no error to report.
    if (this.jsonEnabled() && (err as { code?: unknown }).code !== 'EEXIT') {
      // Every error, a mistyped flag too, is the same data under --json (never oclif's stack).
      const { code, message, suggestions, details, exitCode } = errorReport(err);
      this.logJson({ error: { code, message, suggestions, details } });
      this.exit(exitCode);
    }
    if (isWinnowError(err)) this.error(err.message, { code: err.code, exit: err.exitCode, suggestions: [...err.suggestions] });
    return super.catch(err);
  }
}
