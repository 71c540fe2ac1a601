import { execFileSync } from 'node:child_process';
import { promises as fs, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeStream, winnow } from '../helpers/cli';
import { killDaemon, must, startDaemon, submit } from '../helpers/gateway';

describe('gateway: service files and control token', () => {
  let dir: string;
  const env = {};

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-gw-svc-'));
  });
  afterAll(async () => {
    await killDaemon(path.join(dir, 'ws'));
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('the systemd user unit passes systemd-analyze verify', async () => {
    const ws = path.join(dir, 'my ws'); // a space, to exercise quoting
    const unit = path.join(dir, 'winnow-gateway-test.service');
    const r = await must(winnow(['gateway', 'install-service', '--platform', 'linux', '-w', ws, '--out', unit, '--json'], { env }));
    expect(JSON.parse(r.stdout).enable[0]).toBe('systemctl --user daemon-reload');
    const text = await fs.readFile(unit, 'utf8');
    expect(text).toContain('ExecStart=');
    expect(text).toContain('"gateway" "start" "--foreground"');
    expect(text).toContain(`"--workspace" "${ws}"`);
    const hasAnalyze = existsSync('/usr/bin/systemd-analyze');
    if (!hasAnalyze) return;
    // --user wants a runtime dir (no user manager has to run): give it a private one. Problems make it exit non-zero.
    const runtime = await fs.mkdtemp(path.join(dir, 'xdg-'));
    await fs.chmod(runtime, 0o700);
    let out = '';
    try {
      out = execFileSync('/usr/bin/systemd-analyze', ['verify', '--user', unit], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XDG_RUNTIME_DIR: runtime } });
    } catch (e) {
      const err = e as { stdout: string; stderr: string; status: number };
      throw new Error(`systemd-analyze verify failed (${err.status}): ${err.stderr}${err.stdout}`);
    }
    expect(out).not.toMatch(/winnow-gateway-test\.service:/);
  });

  test('the launchd plist is a valid property list', async () => {
    const plist = path.join(dir, 'dev.winnow.test.plist');
    await must(winnow(['gateway', 'install-service', '--platform', 'macos', '-w', path.join(dir, 'a&b <ws>'), '--out', plist], { env }));
    const parsed = execFileSync('python3', ['-c', 'import plistlib,sys,json; print(json.dumps(plistlib.load(open(sys.argv[1],"rb"))))', plist], { encoding: 'utf8' });
    const p = JSON.parse(parsed);
    expect(p.Label).toMatch(/^dev\.winnow\.winnow-gateway-[0-9a-f]{8}$/);
    expect(p.ProgramArguments.slice(2, 5)).toEqual(['gateway', 'start', '--foreground']);
    expect(p.ProgramArguments).toContain(path.join(dir, 'a&b <ws>'));
    expect(p.RunAtLoad).toBe(true);
  });

  test('with --require-token, stop, cancel and purge refuse a missing or wrong token', async () => {
    const ws = path.join(dir, 'ws');
    await startDaemon(ws, env, ['--require-token']);
    const tokenFile = path.join(ws, 'state/v2/runtime/gateway/control.token');
    expect((await fs.stat(tokenFile)).mode & 0o777).toBe(0o600);
    const token = (await fs.readFile(tokenFile, 'utf8')).trim();
    const noEnv = { WINNOW_GATEWAY_TOKEN: '' };

    const missing = await winnow(['gateway', 'stop', '-w', ws, '--json'], { env: noEnv });
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.stdout).error.code).toBe('WINNOW_GATEWAY_TOKEN_MISSING');
    const wrong = await winnow(['gateway', 'stop', '-w', ws, '--token', 'f'.repeat(64), '--json'], { env: noEnv });
    expect(wrong.code).toBe(3);
    expect(JSON.parse(wrong.stdout).error.code).toBe('WINNOW_GATEWAY_TOKEN_REFUSED');
    await fs.writeFile(path.join(dir, 'p.json'), '{}');
    await makeStream(path.join(dir, 'small-stream'), ['--frames', '8', '--width', '64', '--height', '36']);
    const id = await submit(ws, noEnv, path.join(dir, 'p.json'), [path.join(dir, 'small-stream')]);
    const cancel = await winnow(['gateway', 'cancel', '-w', ws, '--id', id, '--token', 'nope'], { env: noEnv });
    expect(cancel.code).toBe(3);
    expect(cancel.stderr).toMatch(/wrong control token/);
    expect((await winnow(['gateway', 'purge', '-w', ws], { env: noEnv })).code).toBe(3);
    const status = JSON.parse((await must(winnow(['gateway', 'status', '-w', ws, '--json'], { env: noEnv }))).stdout);
    expect(status.running).toBe(true);
    expect(status.requireToken).toBe(true);

    // A token file others can read is refused too.
    await fs.chmod(tokenFile, 0o644);
    const insecure = await winnow(['gateway', 'stop', '-w', ws, '--token', token, '--json'], { env: noEnv });
    expect(JSON.parse(insecure.stdout).error.code).toBe('WINNOW_GATEWAY_TOKEN_INSECURE');
    await fs.chmod(tokenFile, 0o600);

    // The daemon enforces it as well: a forged request that skips the CLI check is answered with a refusal.
    const control = path.join(ws, 'state/v2/runtime/gateway/control');
    await fs.mkdir(control, { recursive: true });
    await fs.writeFile(path.join(control, 'forged.json'), JSON.stringify({ id: 'forged', op: 'stop', token: 'nope', at: new Date().toISOString() }));
    const reply = await waitForFile(path.join(control, 'forged.reply.json'));
    expect(JSON.parse(reply)).toMatchObject({ ok: false, error: { code: 'WINNOW_GATEWAY_TOKEN_REFUSED' } });

    const ok = await winnow(['gateway', 'stop', '-w', ws, '--token-file', tokenFile, '--json'], { env: noEnv });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).stopped).toBe(true);
  });
});

async function waitForFile(file: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const t = await fs.readFile(file, 'utf8').catch(() => null);
    if (t) return t;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${file}`);
}
