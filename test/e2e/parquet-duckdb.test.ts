import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { makeStream, winnow } from '../helpers/cli';

// The Parquet export read back by DuckDB, as a user would: every column typed from the stages' declared records
// (one type per column in every file of the job, whatever values a file holds), the same content as the JSONL
// export, empty tables with their file, and the interval table joinable with the frames.

let tmp: string;
let out: string;
let truth: { gap: number; dark: number[]; duplicate: { frame: number; of: number }; truncated: number };
let idle: { start: number; end: number };
let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-duckdb-'));
  const stream = path.join(tmp, 'cam');
  truth = (await makeStream(stream, ['--frames', '160', '--width', '320', '--height', '180'])) as typeof truth;
  // A still period: the camera sends the same picture for 26 frames, between the dark frames and the gap.
  idle = { start: Math.max(...truth.dark) + 4, end: truth.gap - 1 };
  expect(idle.end - idle.start).toBeGreaterThanOrEqual(24);
  for (let i = idle.start + 1; i <= idle.end; i++) await fs.copyFile(path.join(stream, `image_${idle.start}.jpg`), path.join(stream, `image_${i}.jpg`));
  // A second camera with no still period (its interval table is empty) that repeats one frame of the first
  // (its cross-stream columns hold values where the first camera's hold only nulls).
  const second = path.join(tmp, 'cam2');
  await makeStream(second, ['--frames', '40', '--width', '320', '--height', '180', '--seed', '5']);
  await fs.copyFile(path.join(stream, 'image_3.jpg'), path.join(second, 'image_7.jpg'));
  const ws = path.join(tmp, 'ws');
  out = path.join(tmp, 'out');
  expect((await winnow(['run', '--input', stream, '--input', second, '--workspace', ws, '--stages', 'blur,darkness,dedup,idle,dedup-across', '--no-progress'])).code).toBe(0);
  for (const format of ['parquet', 'jsonl']) expect((await winnow(['export', '--workspace', ws, '--format', format, '--out', out])).code).toBe(0);
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
}, 120_000);
afterAll(async () => {
  db?.closeSync();
  instance?.closeSync();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

async function columnTypes(file: string): Promise<Record<string, string>> {
  const described = await rows(`DESCRIBE SELECT * FROM read_parquet('${path.join(out, file)}')`);
  return Object.fromEntries(described.map((r) => [r.column_name as string, r.column_type as string]));
}

test('frame columns are typed for what they hold: indices and counts BIGINT, scores DOUBLE, flags BOOLEAN', async () => {
  const types = await columnTypes('cam.frames.parquet');
  expect(types).toMatchObject({
    stream: 'VARCHAR',
    frame_idx: 'BIGINT',
    path: 'VARCHAR',
    blake3: 'VARCHAR',
    width: 'BIGINT',
    height: 'BIGINT',
    error_code: 'VARCHAR',
    error_message: 'VARCHAR',
    blur_score: 'DOUBLE',
    blur_flag: 'BOOLEAN',
    darkness_mean: 'DOUBLE',
    darkness_flag: 'BOOLEAN',
    dedup_exact_of: 'BIGINT',
    dedup_near_of: 'BIGINT',
    dedup_group: 'VARCHAR',
    dedup_distance: 'BIGINT',
    dedup_candidates: 'BIGINT',
    dedup_z: 'DOUBLE',
    idle_flag: 'BOOLEAN',
    idle_motion: 'DOUBLE',
    idle_compared_to: 'BIGINT',
    idle_interval_start: 'BIGINT',
  });
  // The frame's error is its two columns, not a third that is always null.
  expect(types.error).toBeUndefined();
  expect(await columnTypes('cam.idle.idle_intervals.parquet')).toEqual({ start_idx: 'BIGINT', end_idx: 'BIGINT', idle_score: 'DOUBLE' });
});

test('DuckDB reads the same content as the JSONL export', async () => {
  const jsonl = (await fs.readFile(path.join(out, 'cam.frames.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  const table = await rows(`SELECT * FROM read_parquet('${path.join(out, 'cam.frames.parquet')}') ORDER BY frame_idx`);
  expect(table.length).toBe(jsonl.length);
  const num = (v: unknown): number | null => (v === null ? null : Number(v));
  for (let i = 0; i < jsonl.length; i++) {
    const j = jsonl[i];
    const t = table[i];
    expect([num(t.frame_idx), t.path, t.blake3, t.error_code]).toEqual([j.frame_idx, j.path, j.blake3, j.error?.code ?? null]);
    expect([t.blur_score, t.blur_flag, t.darkness_mean, t.darkness_flag]).toEqual([j.blur?.score ?? null, j.blur?.flag ?? null, j.darkness?.mean ?? null, j.darkness?.flag ?? null]);
    expect([num(t.dedup_exact_of), num(t.dedup_near_of), num(t.dedup_distance), t.idle_flag]).toEqual([j.dedup?.exact_of ?? null, j.dedup?.near_of ?? null, j.dedup?.distance ?? null, j.idle?.flag ?? null]);
  }
  const [corrupt] = await rows(`SELECT error_code FROM read_parquet('${path.join(out, 'cam.frames.parquet')}') WHERE frame_idx = ${truth.truncated}`);
  expect(corrupt.error_code).toBe('FRAME_CORRUPT');
  const [dup] = await rows(`SELECT dedup_exact_of FROM read_parquet('${path.join(out, 'cam.frames.parquet')}') WHERE frame_idx = ${truth.duplicate.frame}`);
  expect(Number(dup.dedup_exact_of)).toBe(truth.duplicate.of);
});

test('the idle intervals join the frames on their index range', async () => {
  const intervals = await rows(`SELECT * FROM read_parquet('${path.join(out, 'cam.idle.idle_intervals.parquet')}')`);
  expect(intervals.map((r) => [Number(r.start_idx), Number(r.end_idx)])).toEqual([[idle.start, idle.end]]);
  const [joined] = await rows(
    `SELECT count(*) AS n, bool_and(f.idle_flag) AS all_idle
       FROM read_parquet('${path.join(out, 'cam.frames.parquet')}') f
       JOIN read_parquet('${path.join(out, 'cam.idle.idle_intervals.parquet')}') i ON f.frame_idx BETWEEN i.start_idx AND i.end_idx`,
  );
  expect(Number(joined.n)).toBe(idle.end - idle.start + 1);
  expect(joined.all_idle).toBe(true);
});

test('every column of every Parquet file of the job has one type, declared, whatever values a file holds', async () => {
  const files = (await fs.readdir(out)).filter((f) => f.endsWith('.parquet')).sort();
  expect(files).toEqual(['cam.frames.parquet', 'cam.idle.idle_intervals.parquet', 'cam2.frames.parquet', 'cam2.idle.idle_intervals.parquet', 'job.dedup-across.clusters.parquet']);
  const typesOf = new Map<string, Set<string>>();
  for (const f of files) for (const [column, type] of Object.entries(await columnTypes(f))) typesOf.set(column, (typesOf.get(column) ?? new Set()).add(type));
  expect([...typesOf].filter(([, types]) => types.size > 1)).toEqual([]);
  const frames = await columnTypes('cam.frames.parquet');
  expect(await columnTypes('cam2.frames.parquet')).toEqual(frames);
  expect(frames).toMatchObject({
    dedup_across_cluster: 'VARCHAR',
    dedup_across_cross_of: 'STRUCT(stream VARCHAR, frame_idx BIGINT)',
    dedup_across_cross_exact: 'BOOLEAN',
    dedup_across_cross_z: 'DOUBLE',
  });
  expect(Object.values(frames).filter((t) => t === 'VARCHAR').length).toBeLessThan(10); // no JSON text for declared fields
  // The first camera's cross columns are all null, the second's hold the repeated frame.
  const [repeat] = await rows(`SELECT dedup_across_cross_of.stream AS s, dedup_across_cross_of.frame_idx AS i, dedup_across_cross_exact AS exact FROM read_parquet('${path.join(out, 'cam2.frames.parquet')}') WHERE frame_idx = 7`);
  expect([repeat.s, Number(repeat.i), repeat.exact]).toEqual(['cam', 3, true]);
  // The second camera has no still period: its table is empty, with the declared schema, in both formats.
  expect(await columnTypes('cam2.idle.idle_intervals.parquet')).toEqual({ start_idx: 'BIGINT', end_idx: 'BIGINT', idle_score: 'DOUBLE' });
  expect(await rows(`SELECT * FROM read_parquet('${path.join(out, 'cam2.idle.idle_intervals.parquet')}')`)).toEqual([]);
  expect(JSON.parse(await fs.readFile(path.join(out, 'cam2.idle.json'), 'utf8'))).toEqual({ idle_intervals: [] });
});
