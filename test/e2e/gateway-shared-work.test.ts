import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeStream, winnow } from '../helpers/cli';
import { gatewaySandbox, journal, killDaemon, must, startDaemon, stopDaemon, submit, successesPerPartition, waitFinished } from '../helpers/gateway';

describe('gateway: two jobs on overlapping streams', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let ws: string;

  beforeAll(async () => {
    ({ dir, env } = await gatewaySandbox('gw-shared'));
    ws = path.join(dir, 'ws');
    await Promise.all(['s1', 's2', 's3'].map((s, i) => makeStream(path.join(dir, s), ['--frames', '96', '--width', '320', '--height', '180', '--seed', String(i + 1)])));
    await fs.writeFile(path.join(dir, 'pipeline.json'), JSON.stringify({ stages: ['fixture-mean', 'fixture-flaky'], batchSize: 16 }));
  });
  afterAll(async () => {
    await killDaemon(ws);
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('run at once on one pool, the shared stream is computed once', async () => {
    const cfg = path.join(dir, 'pipeline.json');
    // Both are queued before the daemon starts, so that it claims them together (max-jobs 2).
    const a = await submit(ws, env, cfg, [path.join(dir, 's1'), path.join(dir, 's2')]);
    const b = await submit(ws, env, cfg, [path.join(dir, 's2'), path.join(dir, 's3')]);
    await startDaemon(ws, { ...env, WINNOW_FIXTURE_SLEEP_MS: '5' });
    expect(await waitFinished(ws, a)).toBe('done');
    expect(await waitFinished(ws, b)).toBe('done');

    const events = await journal(ws);
    const started = events.filter((e) => e.type === 'job.started');
    expect(started.map((e) => e.mode)).toEqual(['gateway', 'gateway']);
    const once = successesPerPartition(events);
    expect(once.size).toBeGreaterThan(0);
    expect([...once.values()].every((n) => n === 1)).toBe(true);
    // Every batch stage partition of the three streams is there: 3 streams x 2 batch stages x ceil(frames/16).
    const streams = new Set([...once.keys()].map((k) => k.split('/')[1]));
    expect(streams.size).toBe(3);

    // Each job's record covers its shared stream, and the two jobs together computed it once.
    const jobA = JSON.parse(await fs.readFile(path.join(ws, 'state/v2/jobs', `${a}.json`), 'utf8'));
    const jobB = JSON.parse(await fs.readFile(path.join(ws, 'state/v2/jobs', `${b}.json`), 'utf8'));
    const shared = jobA.streams[1].id;
    expect(jobB.streams[0].id).toBe(shared);
    expect(jobA.streams[1].stages['fixture-mean']).toEqual(jobB.streams[0].stages['fixture-mean']);
    const computed = jobA.summary.partitions.computed + jobB.summary.partitions.computed;
    expect(computed).toBe(once.size);

    const status = JSON.parse((await must(winnow(['gateway', 'status', '-w', ws, '--json'], { env }))).stdout);
    expect(status.running).toBe(true);
    expect(status.queue).toEqual({ pending: 0, running: 0, done: 2, failed: 0 });
    expect(status.daemon.pool.size).toBe(2);
    expect(status.daemon.scheduler.jobs.succeeded).toBe(2);

    const inspect = JSON.parse((await must(winnow(['inspect', 'job', '-w', ws, '--id', b, '--json'], { env }))).stdout);
    expect(inspect.queue.state).toBe('done');
    expect(inspect.stages['fixture-mean'].SUCCEEDED).toBeGreaterThan(0);
    expect((await stopDaemon(ws, env)).code).toBe(0);
  });
});
