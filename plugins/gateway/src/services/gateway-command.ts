import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { errorReport, isWinnowError } from '@winnow/core';

/** `--workspace`, `--json`, and typed errors (core's and the gateway's) turned into clear exits. */
export abstract class GatewayCommand extends Command {
  static enableJsonFlag = true;

  static baseFlags = {
    workspace: Flags.string({ char: 'w', summary: 'Workspace folder holding state and artifacts.', default: '.winnow', env: 'WINNOW_WORKSPACE' }),
  };

  protected async catch(err: Error & { exitCode?: number }): Promise<unknown> {
    // An exit the command asked for (this.exit) is no error to report.
    if (this.jsonEnabled() && (err as { code?: unknown }).code !== 'EEXIT') {
      const { code, message, suggestions, details, exitCode } = errorReport(err);
      this.logJson({ error: { code, message, suggestions, details } });
      this.exit(exitCode);
    }
    if (isWinnowError(err)) {
      const e = err as Error & { code: string; exitCode?: number; suggestions?: readonly string[] };
      this.error(e.message, { code: e.code, exit: e.exitCode ?? 2, suggestions: [...(e.suggestions ?? [])] });
    }
    return super.catch(err);
  }
}

/** Flags of the privileged commands (stop, cancel, purge). */
export const tokenFlags = {
  token: Flags.string({ summary: 'Control token (required when the workspace has one; see `gateway start --require-token`).', env: 'WINNOW_GATEWAY_TOKEN' }),
  'token-file': Flags.string({ summary: 'Read the control token from this file.' }),
};
