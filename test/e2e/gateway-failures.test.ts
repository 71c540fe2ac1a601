import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeStream, winnow } from '../helpers/cli';
import { gatewaySandbox, killDaemon, must, startDaemon, stopDaemon, submit, waitFinished } from '../helpers/gateway';

describe('gateway: failures', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const daemons: string[] = [];

  beforeAll(async () => {
    ({ dir, env } = await gatewaySandbox('gw-fail'));
    await makeStream(path.join(dir, 's1'), ['--frames', '64', '--width', '320', '--height', '180']);
  });
  afterAll(async () => {
    for (const ws of daemons) await killDaemon(ws);
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('a worker that dies mid-task is retried and the job succeeds', async () => {
    const ws = path.join(dir, 'ws-crash');
    daemons.push(ws);
    const marker = path.join(dir, 'crashed-once');
    await fs.writeFile(path.join(dir, 'flaky.json'), JSON.stringify({ stages: ['fixture-mean', 'fixture-flaky'], batchSize: 16 }));
    await startDaemon(ws, { ...env, WINNOW_FIXTURE_CRASH_ONCE: marker, WINNOW_FIXTURE_CRASH_ONCE_AT: '20' });
    const id = await submit(ws, env, path.join(dir, 'flaky.json'), [path.join(dir, 's1')]);
    expect(await waitFinished(ws, id)).toBe('done');
    expect(await fs.readFile(marker, 'utf8')).toMatch(/^\d+$/); // the worker did exit
    const status = JSON.parse((await must(winnow(['gateway', 'status', '-w', ws, '--json'], { env }))).stdout);
    expect(status.daemon.pool.failed).toBeGreaterThanOrEqual(1); // the crashed task, retried by the executor
    expect(status.daemon.pool.threads).toBe(2); // and the worker replaced
    const inspect = JSON.parse((await must(winnow(['inspect', 'job', '-w', ws, '--id', id, '--json'], { env }))).stdout);
    expect(inspect.job.state).toBe('SUCCEEDED');
    expect(inspect.queue.entry.attempts).toBe(1);
    expect(inspect.batches.every((b: { state: string }) => b.state === 'SUCCEEDED')).toBe(true);
    expect((await stopDaemon(ws, env)).code).toBe(0);
  });

  test('a poisoned batch ends FAILED after its retries, with the error recorded, while the rest completes', async () => {
    const ws = path.join(dir, 'ws-poison');
    daemons.push(ws);
    await fs.writeFile(path.join(dir, 'poison.json'), JSON.stringify({ stages: ['fixture-mean', 'fixture-relative'], batchSize: 16, retries: 1 }));
    // The fixture's worker exits whenever it measures frame 20: every attempt at batch 16..31 dies.
    await startDaemon(ws, { ...env, WINNOW_FIXTURE_CRASH_AT: '20' });
    const id = await submit(ws, env, path.join(dir, 'poison.json'), [path.join(dir, 's1')], ['--max-attempts', '2']);
    expect(await waitFinished(ws, id)).toBe('failed');

    const r = await winnow(['inspect', 'job', '-w', ws, '--id', id, '--json'], { env });
    const inspect = JSON.parse(r.stdout);
    expect(inspect.queue.state).toBe('failed');
    expect(inspect.queue.entry.outcome).toBe('FAILED');
    expect(inspect.queue.entry.attempts).toBe(2);
    expect(inspect.queue.entry.errors).toHaveLength(2);
    expect(inspect.queue.entry.errors[1].message).toMatch(/fixture-mean\/.*\/16_31/);
    const mean = inspect.batches.filter((b: { stage: string }) => b.stage === 'fixture-mean');
    const failed = mean.filter((b: { state: string }) => b.state === 'FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0].start).toBe(16);
    expect(failed[0].attempts).toBe(2); // one per job attempt (each with 1 + 1 task tries)
    expect(failed[0].error).toMatch(/exit|terminat/i);
    expect(mean.filter((b: { state: string }) => b.state === 'SUCCEEDED').length).toBe(mean.length - 1);
    expect(inspect.job.state).toBe('FAILED');

    const text = await must(winnow(['inspect', 'job', '-w', ws, '--id', id], { env }));
    expect(text.stdout).toMatch(/fixture-mean \S+ 16\.\.31: FAILED after 2 attempt\(s\)/);
    const log = await fs.readFile(path.join(ws, 'logs/gateway.log'), 'utf8');
    const lines = log.trim().split('\n').map((l) => JSON.parse(l));
    const taskFailed = lines.filter((l) => l.msg === 'task.failed');
    expect(taskFailed.length).toBe(2);
    expect(taskFailed[0]).toMatchObject({ job: id, stage: 'fixture-mean', level: 'error' });
    expect(taskFailed[0].task).toMatch(/^fixture-mean\/.+\/16_31$/);
    expect(lines.some((l) => l.msg === 'job.retry_scheduled' && l.job === id)).toBe(true);
    expect((await stopDaemon(ws, env)).code).toBe(0);
  });
});
