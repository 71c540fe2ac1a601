import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, WINNOW, makeStream, winnow } from '../helpers/cli';
import { waitFor } from '../helpers/gateway';
import { fakeDFineNative } from '../../plugins/annotate-common/src/testing/fake-models';

// Every example every Winnow command shows in its --help, run as shown (in a folder holding the demo streams the
// examples name), in an order where each finds what it needs; any that errors fails the test.
const PLACEHOLDER_JOB = '20261128-101500123-abc123';
const MANIFESTS = ['cli/oclif.manifest.json', 'plugins/gateway/oclif.manifest.json'];
const yoloxWeights = process.env.WINNOW_SHARED_DIR ? path.join(process.env.WINNOW_SHARED_DIR, 'models', 'yolox_nano.onnx') : '';

let tmp: string;
let cwd: string;
let env: NodeJS.ProcessEnv;

interface Example {
  readonly command: string;
  readonly argv: string[];
}

async function examples(): Promise<Example[]> {
  const out: Example[] = [];
  for (const file of MANIFESTS) {
    const { commands } = JSON.parse(await fs.readFile(path.join(ROOT, file), 'utf8')) as { commands: Record<string, { examples?: (string | { command: string })[] }> };
    for (const [id, c] of Object.entries(commands)) {
      for (const e of c.examples ?? []) {
        const line = (typeof e === 'string' ? e : e.command).replace('<%= config.bin %> ', '');
        expect(line).not.toMatch(/["'`$]/); // split on spaces below: no quoting or expansion in an example
        out.push({ command: id.replace(/:/g, ' '), argv: line.split(/\s+/) });
      }
    }
  }
  return out;
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-examples-'));
  cwd = path.join(tmp, 'work');
  env = { HOME: path.join(tmp, 'home'), WINNOW_DATA_DIR: path.join(tmp, 'data-dir'), WINNOW_WORKSPACE: '' };
  await fs.mkdir(env.HOME as string, { recursive: true });
  for (const s of ['stream_001', 'stream_002']) await makeStream(path.join(cwd, 'data', s), ['--frames', '24', '--width', '160', '--height', '90', '--seed', s.slice(-1)]);
  // `.winnow` (the default workspace) starts as one the previous release wrote: `state import` translates it.
  await fs.cp(path.join(ROOT, 'test/fixtures/state-v1/workspace'), path.join(cwd, '.winnow'), { recursive: true });
  await fs.writeFile(path.join(cwd, 'pipeline.json'), JSON.stringify({ stages: ['blur', 'darkness'], batchSize: 64 }));
  await fs.writeFile(path.join(cwd, 'dfine_s_obj2coco.onnx'), fakeDFineNative({ detections: [] }));
  if (existsSync(yoloxWeights)) await fs.copyFile(yoloxWeights, path.join(cwd, 'yolox_nano.onnx'));
});
afterAll(async () => {
  await winnow(['gateway', 'stop'], { cwd, env });
  await fs.rm(tmp, { recursive: true, force: true });
});

/**
 * Where each example runs in the sequence: `state import` first (of the workspace the previous release wrote,
 * test/fixtures/state-v1), then the runs (they make the jobs the others read); the daemon
 * started in the foreground with a token after the plain one stopped, and stopped by the token-file example.
 */
const ORDER = ['state import', 'run', 'verify', 'inspect stream', 'export', 'report', 'generate', 'models', 'submit', 'gateway start', 'gateway status', 'inspect job', 'gateway rebuild-index', 'gateway cancel', 'gateway purge', 'gateway stop', 'gateway start --foreground', 'gateway stop --token-file', 'gateway install-service'];
const rank = (e: Example) => {
  const line = e.argv.join(' ');
  for (let i = ORDER.length - 1; i >= 0; i--) if (ORDER[i].includes('--') ? line.startsWith(ORDER[i]) : e.command.startsWith(ORDER[i])) return i;
  return -1;
};

test('every example in every command help runs without an error', async () => {
  const all = await examples();
  expect(all.length).toBeGreaterThan(25);
  expect(all.filter((e) => rank(e) < 0).map((e) => e.command)).toEqual([]);
  const sorted = [...all].sort((a, b) => rank(a) - rank(b));
  const ids: { run?: string; submitted?: string } = {};
  const failures: string[] = [];
  let daemon: Promise<number> | null = null;
  for (const e of sorted) {
    if (e.argv.includes('./yolox_nano.onnx') && !existsSync(path.join(cwd, 'yolox_nano.onnx'))) {
      console.log(`SKIPPED example "${e.argv.join(' ')}": no YOLOX-Nano weights (set WINNOW_SHARED_DIR)`);
      continue;
    }
    const job = e.command === 'inspect job' || e.command === 'gateway cancel' ? ids.submitted : ids.run;
    const argv = e.argv.map((a) => (a === PLACEHOLDER_JOB ? (job as string) : a === 'cam_01' ? 'stream_001' : a.replace(/^~\//, `${env.HOME}/`)));
    if (e.argv.includes('--foreground')) {
      daemon = (await foreground(argv)).exited;
      continue;
    }
    const r = await winnow(argv, { cwd, env });
    if (r.code !== 0) failures.push(`${e.argv.join(' ')}\n  exit ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`);
    if (e.command === 'run' && r.code === 0) ids.run = (await newestJob()) ?? ids.run;
    if (e.command === 'submit' && r.code === 0) ids.submitted = r.stdout.includes('{') ? (JSON.parse(r.stdout) as { id: string }).id : r.stdout.trim();
  }
  expect(failures).toEqual([]);
  expect(daemon).not.toBeNull();
  expect(await daemon).toBe(0); // the foreground daemon, stopped by `gateway stop --token-file`
});

test('help prints each default once and export --help names every installed format', async () => {
  for (const command of ['run', 'export', 'submit', 'gateway start', 'stages']) {
    const help = (await winnow([...command.split(' '), '--help'], { cwd, env })).stdout;
    expect({ command, repeated: help.match(/@default|\(default: [^)]*\)\s*\(default:|\[default: [^\]]*\][^\n]*\(default:/g) }).toEqual({ command, repeated: null });
  }
  const { exporters } = JSON.parse((await winnow(['stages', '--json'], { cwd, env })).stdout) as { exporters: { name: string }[] };
  const help = (await winnow(['export', '--help'], { cwd, env })).stdout;
  const formats = help.slice(help.indexOf('FORMATS'));
  expect(exporters.length).toBeGreaterThanOrEqual(5);
  for (const { name } of exporters) expect(formats).toMatch(new RegExp(`^\\s+${name}\\s`, 'm'));
});

async function newestJob(): Promise<string | undefined> {
  const jobs = await fs.readdir(path.join(cwd, '.winnow/state/v2/jobs')).catch(() => [] as string[]);
  return jobs.sort().at(-1)?.replace(/\.json$/, '');
}

/**
 * `gateway start --foreground ...` runs until stopped: started here, and once it runs its control token is put
 * where the `gateway stop --token-file ~/.winnow-token` example, which runs next, reads it.
 */
async function foreground(argv: readonly string[]): Promise<{ exited: Promise<number> }> {
  const child = spawn(process.execPath, [WINNOW, ...argv], { cwd, env: { ...process.env, ...env }, stdio: 'ignore' });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  await waitFor('the foreground daemon', async () => JSON.parse((await winnow(['gateway', 'status', '--json'], { cwd, env })).stdout).running === true, 60_000);
  const token = path.join(env.HOME as string, '.winnow-token');
  await fs.copyFile(path.join(cwd, '.winnow/state/v2/runtime/gateway/control.token'), token);
  await fs.chmod(token, 0o600);
  return { exited };
}
