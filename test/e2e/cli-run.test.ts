import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeStream, winnow } from '../helpers/cli';

let tmp: string;
let stream: string;
let ws: string;
let truth: Record<string, number>;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-cli-'));
  stream = path.join(tmp, 'stream_cli');
  ws = path.join(tmp, 'ws');
  truth = (await makeStream(stream, ['--frames', '90', '--width', '480', '--height', '270'])) as Record<string, number>;
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

test('winnow run composes the bundled stage plugins, and a rerun does no stage work and says so', async () => {
  const first = await winnow(['run', '--input', stream, '--workspace', ws, '--json', '--batch-size', '32']);
  expect(first.code).toBe(0);
  const summary = JSON.parse(first.stdout);
  expect(Object.keys(summary.stages)).toEqual(expect.arrayContaining(['blur-features', 'blur', 'darkness-features', 'darkness']));
  expect(summary.partitions.computed).toBeGreaterThan(0);
  const again = await winnow(['run', '--input', stream, '--workspace', ws, '--batch-size', '32']);
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/^Nothing to do: all \d+ partitions/m);
  // Bad input is reported by the run itself, with the file and the reason, on every run.
  expect(again.stdout).toContain(`FRAME_EMPTY: stream_cli/image_${truth.empty}.jpg: the file is empty`);
  expect(again.stdout).toContain(`FRAME_CORRUPT: stream_cli/image_${truth.truncated}.jpg: cannot be decoded`);
  expect(again.stdout).toMatch(/stream_cli: 1 gap\(s\) in the numbering .*; 1 foreign file\(s\) \(Thumbs\.db\)/);
  expect(summary.unreadable.map((u: { frame_idx: number }) => u.frame_idx)).toEqual([truth.truncated, truth.empty, truth.notImage]);
});

test('export writes the contract: JSONL per stream with flags and raw scores side by side, and typed Parquet', async () => {
  const out = path.join(tmp, 'export');
  expect((await winnow(['export', '--workspace', ws, '--format', 'jsonl', '--out', out])).code).toBe(0);
  const rows = (await fs.readFile(path.join(out, 'stream_cli.frames.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  expect(rows.length).toBe(89); // one index is a gap
  const ok = rows.find((r) => r.error === null);
  expect(ok).toMatchObject({ stream: 'stream_cli', blur: { score: expect.any(Number), flag: expect.any(Boolean) }, darkness: { mean: expect.any(Number), flag: expect.any(Boolean) } });
  expect(ok['blur-features']).toBeUndefined();
  expect(rows.find((r) => r.frame_idx === truth.empty).error.code).toBe('FRAME_EMPTY');
  expect((await winnow(['export', '--workspace', ws, '--format', 'parquet', '--out', out])).code).toBe(0);
  const pw = await import('parquet-wasm');
  const { tableFromIPC } = await import('apache-arrow');
  const table = tableFromIPC(pw.readParquet(await fs.readFile(path.join(out, 'stream_cli.frames.parquet'))).intoIPCStream());
  expect(table.numRows).toBe(89);
  expect(table.schema.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['frame_idx', 'blake3', 'error_code', 'blur_score', 'blur_flag', 'darkness_mean']));
});

test('inspect stream reports frames, gaps and each unreadable file with its path and reason', async () => {
  const r = await winnow(['inspect', 'stream', '--path', stream, '--workspace', ws, '--json']);
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout);
  expect(report.stream.gaps).toEqual([[truth.gap, truth.gap]]);
  expect(report.stream.foreign).toEqual(['Thumbs.db']);
  expect(report.unreadable.map((u: { path: string }) => u.path)).toEqual([`image_${truth.truncated}.jpg`, `image_${truth.empty}.jpg`, `image_${truth.notImage}.jpg`]);
  expect(report.metrics.blur.flag.count).toBeGreaterThan(80);
});

test('run --help lists the composed stages options with defaults; bad values are refused with field, value and rule', async () => {
  const help = await winnow(['run', '--help']);
  expect(help.stdout).toContain('PIPELINE OPTIONS');
  expect(help.stdout).toMatch(/--blur\.threshold <number>/);
  expect(help.stdout).toMatch(/--batch-size <integer>/);
  const bad = await winnow(['run', '--input', stream, '--workspace', ws, '--batch-size', '0']);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toContain('batchSize: got 0');
  const missing = await winnow(['run', '--input', path.join(tmp, 'nope'), '--workspace', ws]);
  expect(missing.stderr).toContain('stream folder not found');
});
