import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeStream, winnow } from '../helpers/cli';
import { must } from '../helpers/gateway';

// Exports you can trust, through the real binary: a manifest names the job of every file, a folder never mixes
// jobs, temporary names are never followed through a symlink, concurrent exports are safe, a failed export
// leaves nothing behind.
let tmp: string;
let ws: string;
let jobA: string;
let jobB: string;

interface Manifest {
  jobId: string;
  configHash: string;
  formats: string[];
  stages: { name: string; version: string }[];
  files: { path: string; format: string; sha256: string; bytes: number; rows: number | null }[];
}

const manifestOf = async (dir: string): Promise<Manifest> => JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8'));
const sha256 = async (file: string) => createHash('sha256').update(await fs.readFile(file)).digest('hex');

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-export-'));
  ws = path.join(tmp, 'ws');
  await makeStream(path.join(tmp, 'cam_a'), ['--frames', '20', '--width', '160', '--height', '90']);
  await makeStream(path.join(tmp, 'cam_b'), ['--frames', '12', '--width', '160', '--height', '90', '--seed', '2']);
  const run = async (input: string) => JSON.parse((await must(winnow(['run', '-w', ws, '--input', input, '--stages', 'darkness,idle', '--json']))).stdout).jobId as string;
  jobA = await run(path.join(tmp, 'cam_a'));
  jobB = await run(path.join(tmp, 'cam_b'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

test('every export writes manifest.json: job id, config hash, stage versions, every file with its sha256 and row count', async () => {
  const out = path.join(tmp, 'manifest');
  await must(winnow(['export', '-w', ws, '--job', jobA, '--out', out, '--format', 'jsonl']));
  const m = await manifestOf(out);
  expect(m.jobId).toBe(jobA);
  expect(m.configHash).toMatch(/^[0-9a-f]{64}$/);
  expect(m.stages.map((s) => s.name)).toEqual(expect.arrayContaining(['darkness', 'idle']));
  expect(m.stages.every((s) => /^\d+\.\d+\.\d+/.test(s.version))).toBe(true);
  expect(m.files.map((f) => f.path)).toEqual(['cam_a.frames.jsonl', 'cam_a.idle.json']);
  for (const f of m.files) expect(f.sha256).toBe(await sha256(path.join(out, f.path)));
  const lines = (await fs.readFile(path.join(out, 'cam_a.frames.jsonl'), 'utf8')).trim().split('\n').length;
  expect(m.files[0].rows).toBe(lines);
  // The same job in another format joins the folder; the manifest lists both.
  await must(winnow(['export', '-w', ws, '--job', jobA, '--out', out, '--format', 'parquet']));
  const both = await manifestOf(out);
  expect(both.formats).toEqual(['jsonl', 'parquet']);
  expect(both.files.find((f) => f.path === 'cam_a.frames.parquet')?.rows).toBe(lines);
  expect(both.files.map((f) => f.path)).toContain('cam_a.frames.jsonl');
  expect((await fs.readdir(out)).sort()).toEqual([...both.files.map((f) => f.path), 'manifest.json'].sort());
});

test("exporting another job into an export's folder is refused; --force removes that export first", async () => {
  const out = path.join(tmp, 'mixed');
  await must(winnow(['export', '-w', ws, '--job', jobA, '--out', out]));
  const before = await fs.readdir(out);
  const refused = await winnow(['export', '-w', ws, '--job', jobB, '--out', out, '--json']);
  expect(refused.code).toBe(2);
  expect(JSON.parse(refused.stdout).error).toMatchObject({ code: 'WINNOW_EXPORT_FOLDER_IN_USE', message: expect.stringContaining(`holds an export of job ${jobA}`) });
  expect(await fs.readdir(out)).toEqual(before);
  await must(winnow(['export', '-w', ws, '--job', jobB, '--out', out, '--force']));
  expect((await fs.readdir(out)).sort()).toEqual(['cam_b.frames.jsonl', 'cam_b.idle.json', 'manifest.json']);
  expect((await manifestOf(out)).jobId).toBe(jobB);
});

test('a non-empty folder that is no export is refused; --force writes beside its files', async () => {
  const out = path.join(tmp, 'notes');
  await fs.mkdir(out);
  await fs.writeFile(path.join(out, 'notes.txt'), 'mine');
  const refused = await winnow(['export', '-w', ws, '--job', jobA, '--out', out, '--json']);
  expect(refused.code).toBe(2);
  expect(JSON.parse(refused.stdout).error.message).toContain('1 file(s) that are no Winnow export (e.g. notes.txt)');
  await must(winnow(['export', '-w', ws, '--job', jobA, '--out', out, '--force']));
  expect(await fs.readFile(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
  expect((await manifestOf(out)).files.map((f) => f.path)).toEqual(['cam_a.frames.jsonl', 'cam_a.idle.json']);
});

test('symlinks planted at the temporary and final names are never written through', async () => {
  const out = path.join(tmp, 'planted');
  const victim = path.join(tmp, 'victim.txt');
  await fs.writeFile(victim, 'precious');
  await fs.mkdir(out);
  for (const name of ['.cam_a.frames.jsonl.tmp', 'cam_a.frames.jsonl', 'manifest.json', 'cam_a.idle.json']) await fs.symlink(victim, path.join(out, name));
  await must(winnow(['export', '-w', ws, '--job', jobA, '--out', out, '--force']));
  expect(await fs.readFile(victim, 'utf8')).toBe('precious');
  for (const name of ['cam_a.frames.jsonl', 'manifest.json', 'cam_a.idle.json']) expect((await fs.lstat(path.join(out, name))).isFile()).toBe(true);
});

test('three concurrent exports into one folder all succeed and leave one complete export', async () => {
  const out = path.join(tmp, 'concurrent');
  const runs = await Promise.all(['jsonl', 'parquet', 'jsonl'].map((format) => winnow(['export', '-w', ws, '--job', jobA, '--out', out, '--format', format])));
  expect(runs.map((r) => [r.code, r.stderr])).toEqual(runs.map(() => [0, '']));
  const m = await manifestOf(out);
  expect(m.formats.sort()).toEqual(['jsonl', 'parquet']);
  for (const f of m.files) expect(f.sha256).toBe(await sha256(path.join(out, f.path)));
  expect((await fs.readdir(out)).sort()).toEqual([...m.files.map((f) => f.path), 'manifest.json'].sort());
  // Two jobs at once: one wins, the other is refused clearly (never a half-mixed folder or an ENOENT).
  const race = path.join(tmp, 'race');
  const rivals = await Promise.all([jobA, jobB].map((job) => winnow(['export', '-w', ws, '--job', job, '--out', race, '--json'])));
  expect(rivals.map((r) => r.code).sort()).toEqual([0, 2]);
  const loser = rivals.find((r) => r.code === 2) as { stdout: string };
  expect(JSON.parse(loser.stdout).error.code).toBe('WINNOW_EXPORT_FOLDER_IN_USE');
  const winner = await manifestOf(race);
  expect((await fs.readdir(race)).sort()).toEqual([...winner.files.map((f) => f.path), 'manifest.json'].sort());
});

test('a failed export removes what it started', async () => {
  const broken = path.join(tmp, 'ws-broken');
  await fs.cp(ws, broken, { recursive: true });
  // Every stored result damaged: the export fails while it writes the frames file.
  const artifacts = await fs.readdir(path.join(broken, 'artifacts'), { recursive: true });
  for (const a of artifacts.filter((f) => f.endsWith('artifact.bin'))) {
    const file = path.join(broken, 'artifacts', a);
    const bytes = await fs.readFile(file);
    bytes[bytes.length >> 1] ^= 0xff;
    await fs.writeFile(file, bytes);
  }
  const fresh = path.join(tmp, 'failed-new');
  const r = await winnow(['export', '-w', broken, '--job', jobA, '--out', fresh]);
  expect(r.code).not.toBe(0);
  await expect(fs.access(fresh)).rejects.toThrow('ENOENT');
  const existing = path.join(tmp, 'failed-existing');
  await fs.mkdir(existing);
  expect((await winnow(['export', '-w', broken, '--job', jobA, '--out', existing])).code).not.toBe(0);
  expect(await fs.readdir(existing)).toEqual([]);
});
