import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WINNOW, makeStream, winnow } from '../helpers/cli';
import { listLeftovers, snapshotDir } from '../helpers/workspace';

// Fault injection: `winnow run` killed (SIGKILL) at 10 random moments of one workspace's life, each time rerun to the
// end. Every export is byte-identical to an uninterrupted run's, and no temporary or lock file is left behind.

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-kill-'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

/** A small deterministic generator, so that a failure names moments that can be replayed. */
function moments(seed: number, count: number, maxMs: number): number[] {
  let s = seed;
  return Array.from({ length: count }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return 150 + (s % maxMs);
  });
}

test('kill -9 at 10 random moments: identical exports and no stale temporary or lock files after each rerun', async () => {
  const stream = path.join(tmp, 'cam');
  await makeStream(stream, ['--frames', '96', '--width', '160', '--height', '120']);
  const args = (ws: string) => ['run', '--input', stream, '--workspace', ws, '--no-progress', '--json', '--batch-size', '16'];
  const reference = path.join(tmp, 'reference');
  expect((await winnow(args(reference))).code).toBe(0);
  expect((await winnow(['export', '--workspace', reference, '--format', 'jsonl', '--out', path.join(tmp, 'expected')])).code).toBe(0);
  const expected = await snapshotDir(path.join(tmp, 'expected'));

  const ws = path.join(tmp, 'ws');
  const killedAt = moments(Number(process.env.WINNOW_KILL_SEED ?? 7), 10, 2500);
  for (const [i, ms] of killedAt.entries()) {
    // Each kill lands in a run that resumes the one killed before it (and the first in a fresh workspace).
    const child = spawn(process.execPath, [WINNOW, ...args(ws)], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    await Promise.race([new Promise((r) => setTimeout(r, ms)), exited]);
    child.kill('SIGKILL');
    await exited;
    const rerun = await winnow(args(ws));
    expect({ kill: i, ms, code: rerun.code, stderr: rerun.stderr.slice(0, 500) }).toMatchObject({ code: 0 });
    expect({ kill: i, ms, leftovers: await listLeftovers(ws) }).toEqual({ kill: i, ms, leftovers: [] });
    const out = path.join(tmp, `export-${i}`);
    expect((await winnow(['export', '--workspace', ws, '--format', 'jsonl', '--out', out])).code).toBe(0);
    expect(await snapshotDir(out)).toEqual(expected);
    // The next kill must find work to interrupt: forget every checkpoint (and, every other time, the catalog, so
    // that frames are read again); artifacts stay, as after a change of code that gives the same results.
    await fs.rm(path.join(ws, 'state/v2/stages'), { recursive: true, force: true });
    if (i % 2 === 1) await fs.rm(path.join(ws, 'state/v2/streams'), { recursive: true, force: true });
  }
}, 300_000);
