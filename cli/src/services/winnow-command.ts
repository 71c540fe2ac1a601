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
    const { isWinnowError } = await import('@winnow/core');
    if (isWinnowError(err)) {
      if (this.jsonEnabled()) {
        this.logJson({ error: { code: err.code, message: err.message, suggestions: err.suggestions, details: err.details } });
        this.exit(err.exitCode);
      }
      this.error(err.message, { code: err.code, exit: err.exitCode, suggestions: [...err.suggestions] });
    }
    return super.catch(err);
  }
}
