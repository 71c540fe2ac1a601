import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeStream, winnow } from '../helpers/cli';
import { killDaemon, must, startDaemon, stopDaemon, waitFinished } from '../helpers/gateway';

// The mistakes a new user makes first, through the real binary: each ends in a clear error (exit 2, nothing
// queued) or the correct result, the same in `winnow run` and `winnow submit`.
let tmp: string;
let stream: string;
let ws: string;
const env = (): NodeJS.ProcessEnv => ({ WINNOW_DATA_DIR: path.join(tmp, 'data') });

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-contracts-'));
  stream = path.join(tmp, 'frames');
  ws = path.join(tmp, 'ws');
  await makeStream(stream, ['--frames', '24', '--width', '160', '--height', '90']);
  await fs.symlink(stream, path.join(tmp, 'stream_000'));
});
afterAll(async () => {
  await killDaemon(path.join(tmp, 'ws-gw'));
  await fs.rm(tmp, { recursive: true, force: true });
});

async function pending(workspace: string): Promise<string[]> {
  return fs.readdir(path.join(workspace, 'state/v2/queue/pending')).catch(() => []);
}

/**
 * Runs the same arguments through `run` and `submit` (with --json: the error as data, unwrapped); both must
 * refuse with exit 2, the message and its code; nothing is queued.
 */
async function refusedByBoth(args: readonly string[], message: string | RegExp, code = 'WINNOW_CONFIG_INVALID'): Promise<void> {
  const qws = path.join(tmp, 'ws-refused');
  for (const command of ['run', 'submit']) {
    const r = await winnow([command, '-w', qws, '--json', ...args], { env: env() });
    expect({ command, code: r.code }).toEqual({ command, code: 2 });
    const { error } = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  }
  expect(await pending(qws)).toEqual([]);
}

test('a misspelled top-level key, stage section or stage option is refused with the nearest valid name', async () => {
  const bad = path.join(tmp, 'misspelled.json');
  await fs.writeFile(bad, JSON.stringify({ batchsize: 128, blurr: { threshold: 0.5 }, darkness: { treshold: 0.4 } }));
  await refusedByBoth(['--input', stream, '--config', bad], /batchsize: unknown option; did you mean batchSize\?[\s\S]*blurr: unknown option; did you mean blur\?[\s\S]*darkness\.treshold: unknown option; did you mean darkness\.threshold\?/);
});

test('__proto__, constructor and prototype are refused, in a JSON file and as a .ts object literal', async () => {
  const json = path.join(tmp, 'proto.json');
  await fs.writeFile(json, '{"__proto__": {"batchSize": 7, "blur": {"threshold": 0.99}}}');
  await refusedByBoth(['--input', stream, '--config', json], '__proto__: not allowed');
  const ts = path.join(tmp, 'proto.ts');
  await fs.writeFile(ts, 'export default { blur: { __proto__: { threshold: 0.99 } }, darkness: { constructor: 1 } };\n');
  await refusedByBoth(['--input', stream, '--config', ts], /blur\.__proto__: not allowed[\s\S]*darkness\.constructor: not allowed/);
});

test('submit validates before it queues: a bad config or value is an error, not a job id', async () => {
  await refusedByBoth(['--input', stream, '--blur.threshold', 'abc'], '--blur.threshold: got "abc", expected a number');
  await refusedByBoth(['--input', stream, '--stages', 'blurr'], 'unknown stage "blurr"; did you mean "blur"?', 'WINNOW_STAGE_UNKNOWN');
  // A mistyped flag is named with the nearest valid one, never taken as a value of another flag.
  await refusedByBoth(['--input', stream, '--blurr.threshold', '0.3'], 'unknown flag --blurr.threshold; did you mean --blur.threshold?', 'WINNOW_USAGE');
  await refusedByBoth(['--input', stream, '--batchsize', '3'], 'unknown flag --batchsize; did you mean --batch-size?', 'WINNOW_USAGE');
  await refusedByBoth(['--input', path.join(tmp, 'nope')], 'stream folder not found', 'WINNOW_STREAM_NOT_FOUND');
  // Every run option and stage option is a flag of submit too, and lands in the queued job.
  const qws = path.join(tmp, 'ws-queued');
  const ok = await must(winnow(['submit', '-w', qws, '--input', stream, '--blur.threshold', '0.3', '--batch-size', '8', '--stages', 'blur', '--stages', 'idle', '--json'], { env: env() }));
  const { id } = JSON.parse(ok.stdout) as { id: string };
  const queued = JSON.parse(await fs.readFile(path.join(qws, 'state/v2/queue/pending', `${id}.json`), 'utf8'));
  expect(queued.config).toEqual({ blur: { threshold: 0.3 }, batchSize: 8, stages: ['blur', 'idle'] });
  expect(queued.inputs).toEqual([await fs.realpath(stream)]);
});

test('--workers and --gpu-workers are bounded, with the core count in the message (run, submit and gateway start)', async () => {
  const cores = os.availableParallelism();
  await refusedByBoth(['--input', stream, '--workers', '1000'], `workers: got 1000, at most ${4 * cores} (4 per core; this machine has ${cores} cores)`);
  await refusedByBoth(['--input', stream, '--gpu-workers', '500'], new RegExp(`gpuWorkers: got 500, at most \\d+ \\(one per core or per GPU; this machine has ${cores} cores`));
  const r = await winnow(['gateway', 'start', '--foreground', '-w', path.join(tmp, 'ws-big'), '--workers', '1000'], { env: env() });
  expect(r.code).toBe(2);
  expect(r.stderr.replace(/\s+›\s+/g, ' ')).toContain(`--workers: got 1000, at most ${4 * cores}`);
});

test('a folder with no frame, no frame matching the pattern (strict or not), or a file instead of a folder is an error naming it', async () => {
  const empty = path.join(tmp, 'empty');
  await fs.mkdir(empty);
  await refusedByBoth(['--input', empty], `stream folder ${empty} is empty: no file matches the frame pattern ^image_`, 'WINNOW_STREAM_INVALID');
  const other = path.join(tmp, 'other');
  await fs.mkdir(other);
  for (const f of ['frame0001.jpg', 'frame0002.jpg']) await fs.copyFile(path.join(stream, 'image_0.jpg'), path.join(other, f));
  const noMatch = /no frames in stream folder .*other: none of its 2 file\(s\) matches the frame pattern \^image_.*\(e\.g\. "frame0001\.jpg" does not\)/;
  await refusedByBoth(['--input', other], noMatch, 'WINNOW_STREAM_INVALID');
  await refusedByBoth(['--input', other, '--ingest.strict'], noMatch, 'WINNOW_STREAM_INVALID');
  // The pattern that fits makes the same folder a stream.
  const fits = await winnow(['run', '-w', ws, '--input', other, '--ingest.pattern', '^frame(\\d+)\\.jpg$', '--stages', 'darkness', '--json']);
  expect(fits.code).toBe(0);
  expect(JSON.parse(fits.stdout).frames).toBe(2);
  await refusedByBoth(['--input', path.join(stream, 'image_0.jpg')], 'not a folder', 'WINNOW_STREAM_INVALID');
});

test('an unreadable folder is an error naming it', async () => {
  if (process.getuid?.() === 0) {
    console.warn('skipped: running as root, which reads a folder whatever its mode');
    return;
  }
  const locked = path.join(tmp, 'locked');
  await fs.mkdir(locked);
  await fs.chmod(locked, 0);
  try {
    await refusedByBoth(['--input', locked], `cannot read stream folder ${locked}`, 'WINNOW_STREAM_INVALID');
  } finally {
    await fs.chmod(locked, 0o755);
  }
});

test('repeated --stages accumulate', async () => {
  const r = await winnow(['run', '-w', ws, '--input', stream, '--stages', 'blur', '--stages', 'idle', '--json']);
  expect(r.code).toBe(0);
  expect(Object.keys(JSON.parse(r.stdout).stages).sort()).toEqual(['blur', 'blur-features', 'idle', 'idle-features']);
});

test('a folder given twice, or once through a symlink, is one stream named as first given, alike in run and in the gateway', async () => {
  const link = path.join(tmp, 'stream_000');
  const run = await winnow(['run', '-w', ws, '--input', stream, '--input', link, '--input', `${stream}/`, '--stages', 'darkness', '--json']);
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout).streams).toBe(1);
  const again = await must(winnow(['run', '-w', ws, '--input', link, '--stages', 'darkness', '--json']));
  expect(JSON.parse(again.stdout).partitions.computed).toBe(0); // the same stream (its id is the real folder's): nothing recomputed
  // Each mode in a fresh workspace (a reused partition keeps the stream name its frame errors were first worded with).
  const runOut = path.join(tmp, 'export-run');
  const rws = path.join(tmp, 'ws-link');
  await must(winnow(['run', '-w', rws, '--input', link, '--stages', 'darkness']));
  await must(winnow(['export', '-w', rws, '--out', runOut]));
  expect((await fs.readdir(runOut)).filter((f) => f.endsWith('.jsonl'))).toEqual(['stream_000.frames.jsonl']);

  const gws = path.join(tmp, 'ws-gw');
  const submitted = await must(winnow(['submit', '-w', gws, '--input', link, '--input', stream, '--stages', 'darkness', '--json'], { env: env() }));
  const entry = JSON.parse(submitted.stdout) as { id: string; inputs: string[] };
  expect(entry.inputs).toEqual([link]);
  await startDaemon(gws, env());
  expect(await waitFinished(gws, entry.id)).toBe('done');
  await stopDaemon(gws, env());
  const gwOut = path.join(tmp, 'export-gw');
  await must(winnow(['export', '-w', gws, '--out', gwOut, '--job', entry.id]));
  expect((await fs.readdir(gwOut)).filter((f) => f.endsWith('.jsonl'))).toEqual(['stream_000.frames.jsonl']);
  const rows = async (dir: string) => (await fs.readFile(path.join(dir, 'stream_000.frames.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  expect(await rows(gwOut)).toEqual(await rows(runOut));
});
