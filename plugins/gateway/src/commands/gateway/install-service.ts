import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as Flags from '@oclif/core/flags';
import { GatewayCommand } from '../../services/gateway-command';
import { GatewayPaths } from '../../services/gateway-paths';
import { defaultServicePath, renderLaunchdPlist, renderSystemdUnit, serviceName } from '../../services/service-files';

export default class GatewayInstallService extends GatewayCommand {
  static summary = 'Write a systemd user unit (linux) or a launchd agent plist (macos) that runs the daemon; enables nothing.';
  static examples = ['<%= config.bin %> gateway install-service --platform linux', '<%= config.bin %> gateway install-service --platform macos --out ~/Library/LaunchAgents/winnow.plist'];
  static flags = {
    platform: Flags.string({ summary: 'Service manager to write for.', options: ['linux', 'macos'], default: process.platform === 'darwin' ? 'macos' : 'linux' }),
    out: Flags.string({ summary: 'File to write (default: ~/.config/systemd/user/<name>.service or ~/Library/LaunchAgents/<name>.plist).' }),
    'require-token': Flags.boolean({ summary: 'Start the daemon with --require-token.', default: false }),
  };

  async run(): Promise<{ platform: string; file: string; enable: string[] }> {
    const { flags } = await this.parse(GatewayInstallService);
    const paths = new GatewayPaths(flags.workspace);
    const platform = flags.platform as 'linux' | 'macos';
    const spec = {
      workspace: paths.workspace,
      node: process.execPath,
      bin: path.join(this.config.root, 'bin', 'run.js'),
      logFile: paths.log,
      stderrLog: paths.stderrLog,
      args: flags['require-token'] ? ['--require-token'] : [],
      dataDir: process.env.WINNOW_DATA_DIR ? path.resolve(process.env.WINNOW_DATA_DIR) : undefined,
    };
    const file = path.resolve(flags.out ?? defaultServicePath(platform, paths.workspace));
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.mkdir(paths.logDir, { recursive: true }); // systemd's append: needs the folder
    await fs.writeFile(file, platform === 'linux' ? renderSystemdUnit(spec) : renderLaunchdPlist(spec));
    const unit = path.basename(file);
    const enable =
      platform === 'linux'
        ? ['systemctl --user daemon-reload', `systemctl --user enable --now ${unit}`, `journalctl --user -u ${unit}  # service manager output; JSON logs: ${paths.log}`]
        : [`launchctl bootstrap gui/$(id -u) ${file}`, `launchctl kickstart gui/$(id -u)/dev.winnow.${serviceName(paths.workspace)}`];
    this.log(`wrote ${file} (${platform === 'linux' ? 'systemd user unit' : 'launchd agent'}) for workspace ${paths.workspace}`);
    this.log('nothing was enabled; to enable it:');
    for (const c of enable) this.log(`  ${c}`);
    return { platform, file, enable };
  }
}
