import * as Flags from '@oclif/core/flags';
import { isAlive } from '@winnow/core';
import { sendControl } from '../../services/control-requests';
import { suppliedToken, verifyToken } from '../../services/control-token';
import { GatewayCommand, tokenFlags } from '../../services/gateway-command';
import { GatewayError, GatewayErrorCode } from '../../services/gateway-error';
import { GatewayPaths } from '../../services/gateway-paths';
import { readPid } from '../../services/gateway-status';

export default class GatewayStop extends GatewayCommand {
  static summary = 'Stop the gateway daemon gracefully: running jobs are interrupted and requeued, finished batches stay done.';
  static examples = ['<%= config.bin %> gateway stop', '<%= config.bin %> gateway stop --token-file ~/.winnow-token'];
  static flags = {
    ...tokenFlags,
    timeout: Flags.integer({ summary: 'Seconds to wait for the daemon to exit.', default: 60, min: 1 }),
  };

  async run(): Promise<{ stopped: boolean; pid: number | null }> {
    const { flags } = await this.parse(GatewayStop);
    const paths = new GatewayPaths(flags.workspace);
    const token = await suppliedToken(flags);
    // Checked here for a clear message, and again by the daemon, which is what enforces it.
    await verifyToken(paths.token, token, 'gateway stop');
    const pid = await readPid(paths);
    if (!pid) {
      this.log(`no gateway runs for workspace ${paths.workspace}`);
      return { stopped: false, pid: null };
    }
    const reply = await sendControl(paths.control, pid.pid, 'stop', token, 15_000);
    if (!reply.ok && reply.error) throw new GatewayError(reply.error.code as GatewayErrorCode, reply.error.message, { exitCode: reply.error.exitCode, suggestions: reply.error.suggestions });
    const deadline = Date.now() + flags.timeout * 1000;
    while (isAlive(pid.pid)) {
      if (Date.now() > deadline) throw new GatewayError(GatewayErrorCode.Timeout, `the gateway (pid ${pid.pid}) is still stopping after ${flags.timeout} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    this.log(`gateway stopped (pid ${pid.pid})`);
    return { stopped: true, pid: pid.pid };
  }
}
