import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, winnow } from '../helpers/cli';
import { snapshotDir } from '../helpers/workspace';

// test/fixtures/state-v1: a workspace the previous release (state/v1) wrote with the default stages over a small
// demo stream, and the JSONL export it gave.
const FIXTURE = path.join(ROOT, 'test/fixtures/state-v1');

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-import-'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

async function copyOfV1(name: string): Promise<string> {
  const ws = path.join(tmp, name);
  await fs.cp(path.join(FIXTURE, 'workspace'), ws, { recursive: true });
  return ws;
}

test('a state/v1 workspace is refused with the command that translates it, by every command that reads state', async () => {
  const ws = await copyOfV1('refused');
  for (const args of [['export', '--format', 'jsonl', '--out', path.join(tmp, 'x')], ['verify'], ['report', '--out', path.join(tmp, 'r.html')]]) {
    const r = await winnow([...args, '--workspace', ws, '--json']);
    expect(r.code).not.toBe(0);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'WINNOW_WORKSPACE_OLD_STATE', suggestions: expect.arrayContaining([expect.stringContaining('winnow state import')]) });
  }
});

test('state import translates it once: the old job exports the same bytes, verify finds nothing wrong, a second import is refused', async () => {
  const ws = await copyOfV1('imported');
  const r = await winnow(['state', 'import', '--workspace', ws, '--json']);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ checkpoints: 9, streams: 1, jobs: 1, jobsWithoutCatalog: [], skippedStreams: [] });
  const out = path.join(tmp, 'export');
  expect((await winnow(['export', '--workspace', ws, '--format', 'jsonl', '--out', out])).code).toBe(0);
  expect(await snapshotDir(out)).toEqual(await snapshotDir(path.join(FIXTURE, 'export')));
  expect((await winnow(['verify', '--workspace', ws])).code).toBe(0);
  await expect(fs.access(path.join(ws, 'state/v1/jobs'))).resolves.toBeUndefined(); // left as it was
  const again = await winnow(['state', 'import', '--workspace', ws, '--json']);
  expect(again.code).not.toBe(0);
  expect(JSON.parse(again.stdout).error.message).toContain('already exists');
});

test("a v1 job whose stream changed after it ran gets no catalog: its export is refused, never mixed with newer frames", async () => {
  const ws = await copyOfV1('changed');
  const [id] = await fs.readdir(path.join(ws, 'state/v1/streams'));
  const file = path.join(ws, 'state/v1/streams', id, 'frames.jsonl');
  const lines = (await fs.readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  lines[3].blake3 = 'ab'.repeat(32); // as if the frame had been replaced after the job
  await fs.writeFile(file, lines.map((l) => JSON.stringify(l) + '\n').join(''));
  const r = JSON.parse((await winnow(['state', 'import', '--workspace', ws, '--json'])).stdout);
  expect(r.jobsWithoutCatalog).toHaveLength(1);
  const exported = await winnow(['export', '--workspace', ws, '--format', 'jsonl', '--out', path.join(tmp, 'refused'), '--json']);
  expect(exported.code).not.toBe(0);
  expect(JSON.parse(exported.stdout).error).toMatchObject({ code: 'WINNOW_CATALOG_CORRUPT', message: expect.stringContaining('has no record of the catalog') });
});
