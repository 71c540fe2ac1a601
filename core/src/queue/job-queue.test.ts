import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkspaceLayout } from '../workspace/layout';
import { JobQueue } from './job-queue';
import { backoffMs } from './retry-policy';

describe('JobQueue', () => {
  let dir: string;
  let q: JobQueue;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-queue-'));
    q = new JobQueue(new WorkspaceLayout(dir));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  test('moves a job pending -> running -> done by renames, counting attempts', async () => {
    const e = await q.submit({ inputs: ['/s'], config: {} });
    expect(await q.depth()).toEqual({ pending: 1, running: 0, done: 0, failed: 0 });
    const c = await q.claim();
    expect(c?.attempts).toBe(1);
    expect(await q.claim()).toBeNull();
    expect(await q.depth()).toEqual({ pending: 0, running: 1, done: 0, failed: 0 });
    await q.finish(e.id, 'SUCCEEDED');
    expect((await q.find(e.id))?.state).toBe('done');
    expect(await fs.readdir(path.join(dir, 'state/v2/queue/running'))).toEqual([]); // heartbeat removed too
  });

  test('a released job waits for its backoff', async () => {
    const e = await q.submit({ inputs: ['/s'], config: {} });
    await q.claim();
    await q.release(e.id, { notBefore: new Date(Date.now() + 60_000).toISOString() });
    expect(await q.claim()).toBeNull();
    expect((await q.claim(Date.now() + 61_000))?.attempts).toBe(2);
  });

  test('requeues a running job whose heartbeat is stale, fails it once out of attempts', async () => {
    const a = await q.submit({ inputs: ['/s'], config: {}, maxAttempts: 2 });
    await q.claim();
    // A heartbeat of a dead process of this host.
    await fs.writeFile(q.file('running', a.id, '.heartbeat'), JSON.stringify({ pid: 2 ** 22 + 7, host: os.hostname(), at: new Date().toISOString() }));
    expect(await q.recoverStale(30_000)).toEqual([{ id: a.id, to: 'pending' }]);
    const again = await q.claim();
    expect(again?.attempts).toBe(2);
    expect(await q.recoverStale(30_000)).toEqual([]); // our own live heartbeat
    await fs.writeFile(q.file('running', a.id, '.heartbeat'), JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date(0).toISOString() }));
    expect(await q.recoverStale(30_000)).toEqual([{ id: a.id, to: 'failed' }]);
    expect((await q.find(a.id))?.entry.errors.map((e) => e.code)).toEqual(['WINNOW_GATEWAY_STALE', 'WINNOW_GATEWAY_STALE']);
  });

  test('cancels a pending job at once and asks a running one to stop', async () => {
    const a = await q.submit({ inputs: ['/s'], config: {} });
    const b = await q.submit({ inputs: ['/s'], config: {} });
    await q.claim(); // a
    expect(await q.requestCancel(b.id)).toBe('cancelled');
    expect((await q.find(b.id))?.entry.outcome).toBe('CANCELLED');
    expect(await q.requestCancel(a.id)).toBe('requested');
    expect(await q.cancelRequested(a.id)).toBe(true);
    expect(await q.purge()).toBe(1);
  });

  test('backoff doubles up to its cap', () => {
    const p = { maxAttempts: 5, baseMs: 100, maxMs: 350 };
    expect([1, 2, 3, 4].map((n) => backoffMs(p, n))).toEqual([100, 200, 350, 350]);
  });
});
