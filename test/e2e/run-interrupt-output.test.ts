import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, WINNOW, makeStream, winnow } from '../helpers/cli';
import { must } from '../helpers/gateway';

// Interrupts and output of `winnow run` as a user meets them: a signal says what is kept and exits as a shell
// expects; without a terminal, progress still shows; errors under --json are data; no made-up rates.
let tmp: string;
let stream: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-interrupt-'));
  stream = path.join(tmp, 'long');
  await makeStream(stream, ['--frames', '400', '--width', '640', '--height', '360']);
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

/** Starts `winnow run` without a terminal, sends `signal` once it printed its first progress line, and waits for it to end. */
function interrupted(ws: string, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WINNOW, 'run', '--input', stream, '-w', ws, '--batch-size', '32', '--stages', 'blur,darkness'], {
      cwd: ROOT,
      env: { ...process.env, WINNOW_PROGRESS_EVERY_MS: '300' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/^progress: [1-9]\d*\/\d+ frames/m.test(stderr) && !child.killed) child.kill(signal);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s prints what is kept and exits %i; the same command resumes from there', async (signal, exit) => {
  const ws = path.join(tmp, `ws-${signal}`);
  const r = await interrupted(ws, signal);
  expect(r.code).toBe(exit);
  // Progress without a terminal: lines, not silence.
  expect(r.stderr).toMatch(/^progress: \d+\/\d+ frames \(\d+%\) \| [\d.]+ frames\/s/m);
  const m = /interrupted: (\d+) of (\d+) partitions kept; run the same command to resume/.exec(r.stderr.replace(/\s*›\s+/g, ' '));
  expect(m).not.toBeNull();
  const [kept, planned] = [Number(m![1]), Number(m![2])];
  expect(kept).toBeLessThan(planned);
  expect(r.stderr).not.toContain('AbortError');
  const rerun = JSON.parse((await must(winnow(['run', '--input', stream, '-w', ws, '--batch-size', '32', '--stages', 'blur,darkness', '--json']))).stdout);
  expect(rerun.partitions.skipped).toBe(kept);
  expect(rerun.partitions.computed + rerun.partitions.skipped).toBe(planned);
});

test('a run that measured nothing reports no rate', async () => {
  const ws = path.join(tmp, 'ws-rate');
  const args = ['run', '--input', stream, '-w', ws, '--batch-size', '128', '--stages', 'blur'];
  expect(JSON.parse((await must(winnow([...args, '--json']))).stdout).framesPerSecond).toBeGreaterThan(0);
  expect(JSON.parse((await must(winnow([...args, '--json']))).stdout).framesPerSecond).toBeNull();
  // A new threshold reruns only the decision: partitions computed, no frame measured, no rate printed.
  const retuned = await must(winnow([...args, '--blur.threshold', '0.3']));
  expect(retuned.stdout).toMatch(/partitions: [1-9]\d* computed/);
  expect(retuned.stdout).toMatch(/, 0 measured in [\d.]+ s\n/);
  expect(retuned.stdout).not.toContain('frames/s');
});

test('a flag error under --json is {error: {code, message}} like any other error, in every command', async () => {
  for (const args of [
    ['run', '--input', stream, '--blurr.threshold', '1'],
    ['submit', '--input', stream, '--nope'],
    ['export', '--out'],
  ]) {
    const r = await winnow([...args, '--json']);
    expect(r.code).toBe(2);
    const { error } = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('WINNOW_USAGE');
    expect(error.message.split('\n').length).toBeLessThan(5);
    expect(r.stdout.split('\n').length).toBeLessThan(20);
  }
});
