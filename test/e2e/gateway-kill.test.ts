import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isAlive } from '@winnow/core';
import { makeStream, winnow } from '../helpers/cli';
import { gatewaySandbox, journal, killDaemon, must, startDaemon, stopDaemon, submit, successesPerPartition, waitFinished, waitFor } from '../helpers/gateway';

describe('gateway: kill -9 mid-job', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let ws: string;

  beforeAll(async () => {
    ({ dir, env } = await gatewaySandbox('gw-kill'));
    ws = path.join(dir, 'ws');
    await makeStream(path.join(dir, 's1'), ['--frames', '240', '--width', '320', '--height', '180']);
    await fs.writeFile(path.join(dir, 'pipeline.json'), JSON.stringify({ stages: ['fixture-mean', 'fixture-relative', 'fixture-flaky'], batchSize: 16 }));
  });
  afterAll(async () => {
    await killDaemon(ws);
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('restarts, requeues the job, completes it with exports identical to winnow run, and recomputes only the interrupted batches', async () => {
    const slow = { ...env, WINNOW_FIXTURE_SLEEP_MS: '15' };
    const input = path.join(dir, 's1');
    const id = await submit(ws, env, path.join(dir, 'pipeline.json'), [input]);
    const first = await startDaemon(ws, slow);
    const succeeded = () => journal(ws).then((ev) => ev.filter((e) => e.type === 'checkpoint' && e.state === 'SUCCEEDED' && e.job === id).length);
    await waitFor('a few batches', async () => (await succeeded()) >= 4, 60_000, 50);
    process.kill(first, 'SIGKILL');
    await waitFor('the killed daemon to be gone', async () => !isAlive(first), 10_000, 20);
    const before = successesPerPartition(await journal(ws));
    expect(before.size).toBeLessThan(15 * 2 + 1); // interrupted mid-job, not after it
    expect(await fs.readdir(path.join(ws, 'state/v2/queue/running'))).toContain(`${id}.json`);

    const second = await startDaemon(ws, slow);
    expect(second).not.toBe(first);
    expect(await waitFinished(ws, id)).toBe('done');
    const events = await journal(ws);
    const after = successesPerPartition(events);
    // No batch computed twice: every partition succeeded exactly once over both daemons.
    expect([...after.values()].every((n) => n === 1)).toBe(true);
    for (const k of before.keys()) expect(after.get(k)).toBe(1);
    // Only the batches in flight at the kill ran again: RUNNING events of the second daemon's attempt are for
    // partitions the first had not finished.
    const entry = JSON.parse(await fs.readFile(path.join(ws, 'state/v2/queue/done', `${id}.json`), 'utf8'));
    expect(entry.attempts).toBe(2);
    expect(entry.errors[0].code).toBe('WINNOW_GATEWAY_STALE');
    const secondRuns = events.filter((e) => e.type === 'checkpoint' && e.state === 'RUNNING' && e.pid === second).map((e) => `${e.stage}/${e.stream}/${e.start}_${e.end}/${e.key}`);
    for (const k of secondRuns) expect(before.has(k)).toBe(false);
    expect((await stopDaemon(ws, env)).code).toBe(0);

    // The same pipeline run directly in a fresh workspace gives byte-identical exports.
    const direct = path.join(dir, 'direct');
    await must(winnow(['run', '-w', direct, '--config', path.join(dir, 'pipeline.json'), '--input', input, '--no-progress'], { env }));
    await must(winnow(['export', '-w', direct, '--format', 'jsonl', '--out', path.join(dir, 'out-direct')], { env }));
    await must(winnow(['export', '-w', ws, '--format', 'jsonl', '--out', path.join(dir, 'out-gateway'), '--job', id], { env }));
    const files = (await fs.readdir(path.join(dir, 'out-direct'))).sort();
    expect(files.length).toBeGreaterThan(1);
    expect((await fs.readdir(path.join(dir, 'out-gateway'))).sort()).toEqual(files);
    // The manifests name different jobs; the files they list are the same bytes.
    const listed = async (out: string) => JSON.parse(await fs.readFile(path.join(dir, out, 'manifest.json'), 'utf8')).files;
    expect(await listed('out-gateway')).toEqual(await listed('out-direct'));
    files.splice(files.indexOf('manifest.json'), 1);
    for (const f of files) {
      const d = await fs.readFile(path.join(dir, 'out-direct', f));
      const g = await fs.readFile(path.join(dir, 'out-gateway', f));
      expect(g.equals(d)).toBe(true);
    }
    // And the direct run reuses the gateway's work when pointed at its workspace: nothing recomputed.
    const again = JSON.parse((await must(winnow(['run', '-w', ws, '--config', path.join(dir, 'pipeline.json'), '--input', input, '--no-progress', '--json'], { env }))).stdout);
    expect(again.partitions.computed).toBe(0);
  });
});
