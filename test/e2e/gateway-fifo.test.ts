import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isAlive } from '@winnow/core';
import { makeStream } from '../helpers/cli';
import { gatewaySandbox, killDaemon, startDaemon, stopDaemon, submit, waitFinished, waitFor } from '../helpers/gateway';

// A FIFO named like a frame once hung the daemon's job slot forever, and `gateway stop` left a daemon alive without
// its pid file and lock. Now it is a per-frame error, the job completes, and the daemon stops for real.
describe('gateway: a FIFO in a stream', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let ws: string;

  beforeAll(async () => {
    ({ dir, env } = await gatewaySandbox('gw-fifo'));
    ws = path.join(dir, 'ws');
    await makeStream(path.join(dir, 's1'), ['--frames', '40', '--width', '96', '--height', '64']);
    await fs.rm(path.join(dir, 's1', 'image_7.jpg'));
    execFileSync('mkfifo', [path.join(dir, 's1', 'image_7.jpg')]);
    await fs.writeFile(path.join(dir, 'pipeline.json'), JSON.stringify({ stages: ['fixture-mean', 'fixture-relative'], batchSize: 16 }));
  });
  afterAll(async () => {
    await killDaemon(ws);
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('the job completes with the FIFO as a FRAME_NOT_A_FILE error, and gateway stop ends the daemon', async () => {
    const id = await submit(ws, env, path.join(dir, 'pipeline.json'), [path.join(dir, 's1')]);
    const pid = await startDaemon(ws, env);
    expect(await waitFinished(ws, id, 60_000)).toBe('done');
    const job = JSON.parse(await fs.readFile(path.join(ws, 'state/v2/jobs', `${id}.json`), 'utf8'));
    expect(job.state).toBe('SUCCEEDED');
    expect(job.summary.unreadable).toContainEqual(expect.objectContaining({ frame_idx: 7, code: 'FRAME_NOT_A_FILE' }));
    expect((await stopDaemon(ws, env)).code).toBe(0);
    await waitFor('the daemon to exit', async () => !isAlive(pid), 10_000, 50);
  });
});
