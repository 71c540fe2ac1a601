import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ServiceSpec {
  readonly workspace: string;
  /** Absolute path of node and of the winnow bin script. */
  readonly node: string;
  readonly bin: string;
  readonly logFile: string;
  readonly stderrLog: string;
  /** Extra `gateway start` arguments (e.g. --require-token). */
  readonly args: readonly string[];
  readonly dataDir?: string;
}

/** A stable, per-workspace service name: several workspaces can each have their daemon. */
export function serviceName(workspace: string): string {
  return `winnow-gateway-${createHash('sha256').update(workspace).digest('hex').slice(0, 8)}`;
}

export function defaultServicePath(platform: 'linux' | 'macos', workspace: string): string {
  if (platform === 'linux') {
    const config = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
    return path.join(config, 'systemd', 'user', `${serviceName(workspace)}.service`);
  }
  return path.join(os.homedir(), 'Library', 'LaunchAgents', `dev.winnow.${serviceName(workspace)}.plist`);
}

/** systemd quoting: double quotes around every word, with backslash escapes, `%` doubled (specifier). */
function sdQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;
}

export function renderSystemdUnit(s: ServiceSpec): string {
  const argv = [s.node, s.bin, 'gateway', 'start', '--foreground', '--workspace', s.workspace, ...s.args];
  const env = [`WINNOW_WORKSPACE=${s.workspace}`, ...(s.dataDir ? [`WINNOW_DATA_DIR=${s.dataDir}`] : [])];
  return [
    '[Unit]',
    `Description=Winnow gateway daemon for ${s.workspace.replace(/%/g, '%%')}`,
    'Documentation=https://github.com/winnow/winnow/tree/main/plugins/gateway#readme',
    '',
    `# JSON logs: ${s.logFile.replace(/%/g, '%%')}`,
    '[Service]',
    'Type=simple',
    `ExecStart=${argv.map(sdQuote).join(' ')}`,
    `WorkingDirectory=${s.workspace.replace(/%/g, '%%')}`,
    ...env.map((e) => `Environment=${sdQuote(e)}`),
    // SIGTERM is a graceful stop: running jobs are requeued, finished batches stay done.
    'KillSignal=SIGTERM',
    'TimeoutStopSec=60',
    'Restart=on-failure',
    'RestartSec=5',
    `StandardOutput=append:${s.stderrLog.replace(/%/g, '%%')}`,
    `StandardError=append:${s.stderrLog.replace(/%/g, '%%')}`,
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderLaunchdPlist(s: ServiceSpec): string {
  const argv = [s.node, s.bin, 'gateway', 'start', '--foreground', '--workspace', s.workspace, ...s.args];
  const env: Record<string, string> = { WINNOW_WORKSPACE: s.workspace, ...(s.dataDir ? { WINNOW_DATA_DIR: s.dataDir } : {}) };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    `  <key>Label</key><string>dev.winnow.${serviceName(s.workspace)}</string>`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...argv.map((a) => `    <string>${xml(a)}</string>`),
    '  </array>',
    `  <key>WorkingDirectory</key><string>${xml(s.workspace)}</string>`,
    '  <key>EnvironmentVariables</key>',
    '  <dict>',
    ...Object.entries(env).map(([k, v]) => `    <key>${k}</key><string>${xml(v)}</string>`),
    '  </dict>',
    '  <key>RunAtLoad</key><true/>',
    '  <key>KeepAlive</key>',
    '  <dict><key>SuccessfulExit</key><false/></dict>',
    '  <key>ExitTimeOut</key><integer>60</integer>',
    `  <key>StandardOutPath</key><string>${xml(s.stderrLog)}</string>`,
    `  <key>StandardErrorPath</key><string>${xml(s.stderrLog)}</string>`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}
