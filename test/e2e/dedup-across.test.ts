import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import sharp from 'sharp';
import { runExport, runPipeline } from '@winnow/core';
import { makeStream } from '../helpers/cli';
import { bundledRegistry } from '../helpers/registry';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let tmp: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-across-'));
});
afterAll(() => (process.env.KEEP_TMP ? undefined : fs.rm(tmp, { recursive: true, force: true })));

test('duplicates across the streams of a job: exact copies and re-encodings point at the earlier stream; new content does not', async () => {
  const a = path.join(tmp, 'cam_a');
  const other = path.join(tmp, 'other');
  const b = path.join(tmp, 'cam_b');
  await makeStream(a, ['--frames', '60', '--width', '480', '--height', '270', '--seed', '3']);
  await makeStream(other, ['--frames', '60', '--width', '480', '--height', '270', '--seed', '9']);
  await fs.mkdir(b);
  // cam_a's frames 0-9 and 27-32 are plain frames (the demo stream's bad inputs sit elsewhere).
  for (let k = 0; k < 10; k++) await fs.copyFile(path.join(a, `image_${k}.jpg`), path.join(b, `image_${k}.jpg`));
  for (let k = 0; k < 6; k++) await sharp(path.join(a, `image_${27 + k}.jpg`)).jpeg({ quality: 95 }).toFile(path.join(b, `image_${10 + k}.jpg`));
  for (let k = 0; k < 8; k++) await fs.copyFile(path.join(other, `image_${40 + k}.jpg`), path.join(b, `image_${16 + k}.jpg`));

  const registry = await bundledRegistry(['stage-dedup']);
  const ws = path.join(tmp, 'ws');
  const summary = await runPipeline({ inputs: [a, b], config: { stages: ['dedup-across'], batchSize: 16 }, workspace: ws, registry, logger: quiet });
  expect(summary.state).toBe('SUCCEEDED');
  expect(summary.stages['dedup-across']).toMatchObject({ computed: 1 });

  const out = path.join(tmp, 'export');
  await runExport({ workspace: ws, format: 'jsonl', outDir: out, registry, logger: quiet });
  const rows = (await fs.readFile(path.join(out, 'cam_b.frames.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  const across = new Map(rows.map((r) => [r.frame_idx, r['dedup-across']]));
  for (let k = 0; k < 10; k++) expect(across.get(k)).toMatchObject({ cross_of: { stream: 'cam_a', frame_idx: k }, cross_exact: true, cluster: `cam_a:${k}` });
  for (let k = 0; k < 6; k++) expect(across.get(10 + k)).toMatchObject({ cross_of: { stream: 'cam_a', frame_idx: 27 + k }, cross_exact: false, cluster: `cam_a:${27 + k}` });
  // other's frame 42 is a byte copy of its frame 41 (the demo stream's exact duplicate): cam_b 18 joins cam_b 17.
  for (let k = 16; k < 24; k++) expect(across.get(k)).toMatchObject({ cross_of: null, cluster: `cam_b:${k === 18 ? 17 : k}` });
  // Within cam_b, a different scene right after cam_a's content is not a near-duplicate of it.
  expect(rows.find((r) => r.frame_idx === 16).dedup.near_of).toBeNull();
  const aRows = (await fs.readFile(path.join(out, 'cam_a.frames.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  expect(aRows.every((r) => !r['dedup-across'] || r['dedup-across'].cross_of === null)).toBe(true);

  const clusters = JSON.parse(await fs.readFile(path.join(out, 'job.dedup-across.json'), 'utf8')).clusters;
  expect(clusters.length).toBe(16);
  expect(clusters[0]).toEqual(['cam_a:0', 'cam_a', 0, 2, 2]);

  await runExport({ workspace: ws, format: 'parquet', outDir: out, registry, logger: quiet });
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  const described = (await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path.join(out, 'job.dedup-across.clusters.parquet')}')`)).getRowObjectsJS();
  expect(described.map((r) => [r.column_name, r.column_type])).toEqual([
    ['cluster', 'VARCHAR'],
    ['representative_stream', 'VARCHAR'],
    ['representative_idx', 'BIGINT'],
    ['streams', 'BIGINT'],
    ['frames', 'BIGINT'],
  ]);
  const first = (await db.runAndReadAll(`SELECT * FROM read_parquet('${path.join(out, 'job.dedup-across.clusters.parquet')}')`)).getRows();
  expect(first.length).toBe(16);
  expect(first[0]).toEqual(['cam_a:0', 'cam_a', 0n, 2n, 2n]);
  db.closeSync();
  instance.closeSync();
});

test('two streams whose folders share a name (a/frames, b/frames) keep apart: cluster ids and cross references use the names the export uses', async () => {
  const a = path.join(tmp, 'site_a', 'frames');
  const b = path.join(tmp, 'site_b', 'frames');
  await makeStream(a, ['--frames', '30', '--width', '160', '--height', '90', '--seed', '3']);
  await makeStream(b, ['--frames', '30', '--width', '160', '--height', '90', '--seed', '9']);
  await fs.copyFile(path.join(a, 'image_5.jpg'), path.join(b, 'image_20.jpg')); // one real duplicate across
  const registry = await bundledRegistry(['stage-dedup']);
  const ws = path.join(tmp, 'ws-same-names');
  const summary = await runPipeline({ inputs: [a, b], config: { stages: ['dedup-across'] }, workspace: ws, registry, logger: quiet });
  expect(summary.state).toBe('SUCCEEDED');
  const out = path.join(tmp, 'export-same-names');
  await runExport({ workspace: ws, format: 'jsonl', outDir: out, registry, logger: quiet });
  const files = (await fs.readdir(out)).filter((f) => f.endsWith('.frames.jsonl')).sort();
  expect(files).toHaveLength(2);
  const names = files.map((f) => f.replace('.frames.jsonl', ''));
  expect(names.every((n) => /^frames-[0-9a-f]{8}$/.test(n))).toBe(true);
  const rows = (f: string) => fs.readFile(path.join(out, f), 'utf8').then((t) => t.trim().split('\n').map((l) => JSON.parse(l)));
  const [rowsA, rowsB] = await Promise.all(files.map(rows));
  const [first, second] = (await fs.readFile(path.join(out, files[0]), 'utf8')).includes('"cross_of":{') ? [rowsB, rowsA] : [rowsA, rowsB];
  const crosses = second.filter((r) => r['dedup-across']?.cross_of);
  expect(crosses.map((r) => [r.frame_idx, r['dedup-across'].cross_of])).toEqual([[20, { stream: first[0].stream, frame_idx: 5 }]]);
  // Every cluster groups frames of one stream, but for the one real duplicate.
  const clusters = new Map<string, Set<string>>();
  for (const r of [...first, ...second]) if (r['dedup-across']) (clusters.get(r['dedup-across'].cluster) ?? clusters.set(r['dedup-across'].cluster, new Set()).get(r['dedup-across'].cluster)!).add(r.stream);
  expect([...clusters.values()].filter((s) => s.size > 1)).toHaveLength(1);
});
