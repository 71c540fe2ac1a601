import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import type { ExportRow, ExportSource } from '@winnow/sdk';
import { buildReport } from './build-report';

const N = 100_000;
let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-report-unit-'));
  for (let k = 0; k < 4; k++) {
    const jpg = await sharp({ create: { width: 64, height: 36, channels: 3, background: { r: 40 * k, g: 120, b: 200 - 40 * k } } }).jpeg().toBuffer();
    await fs.writeFile(path.join(dir, `f_${k}.jpg`), jpg);
  }
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** A 100k-frame stream: a blurry frame every 97, a dark stretch, 100 idle intervals, 200 near-duplicate clusters. */
function bigSource(): ExportSource {
  const intervals: [number, number, number][] = [];
  for (let s = 300; s < N; s += 1000) intervals.push([s, s + 49, 0.9]);
  const rows = async function* (): AsyncGenerator<ExportRow> {
    for (let i = 0; i < N; i++) {
      const error = i % 10007 === 5 ? { code: 'FRAME_CORRUPT', message: `image_${i}.jpg: cannot be decoded` } : null;
      const inCluster = i % 500 < 10;
      const rep = i - (i % 500);
      const row: Record<string, unknown> = { stream: 'big', frame_idx: i, path: `f_${i % 4}.jpg`, blake3: 'x', width: 64, height: 36, error };
      if (!error) {
        row.blur = { score: 100, sharpness: 0.3, ratio: i % 97 === 0 ? 0.1 : 1 + 0.1 * Math.sin(i / 50), flag: i % 97 === 0 };
        const dark = i >= 5000 && i < 6000;
        row.darkness = { mean: dark ? 10 : 110, level: dark ? 10 : 110, reference: 110, ratio: dark ? 0.09 : 1, flag: dark, overexposed: i === 777 };
      }
      row.dedup = { exact_of: null, near_of: inCluster && i !== rep ? rep : null, group: String(inCluster ? rep : i), distance: 1, confidence: 0.5 };
      const idle = intervals.some(([s, e]) => i >= s && i <= e);
      row.idle = { flag: idle, motion: idle ? 1 : 40, motion_smoothed: idle ? 1 : 40 };
      yield row as ExportRow;
    }
  };
  return {
    jobId: 'job-big',
    stages: [{ name: 'blur', version: '1.0.0', partition: 'stream' }],
    streams: [{ id: 'big-1', name: 'big', dir, stages: ['blur', 'darkness', 'dedup', 'idle'], rows, tables: { idle: { idle_intervals: intervals } } }],
    tables: {},
    records: {},
  } as ExportSource;
}

test('a 100k-frame stream gives a bounded page: bucketed timelines, capped thumbnails with "+N more", all intervals', async () => {
  const t0 = Date.now();
  const r = await buildReport(bigSource(), { maxPoints: 800 });
  const ms = Date.now() - t0;
  const c = r.counts;
  expect(c.frames).toBe(N);
  expect(c.unreadable).toBe(10);
  let blurry = 0;
  for (let i = 0; i < N; i += 97) if (i % 10007 !== 5) blurry++;
  expect(c.blurry).toBe(blurry);
  expect(c.dark).toBe(1000);
  expect(c.overexposed).toBe(1);
  expect(c.nearDuplicates).toBe(200 * 9);
  expect(c.duplicateClusters).toBe(200);
  expect(c.idleIntervals).toBe(100);
  expect(c.idleFrames).toBe(5000);
  const html = r.html;
  const count = (re: RegExp) => (html.match(re) ?? []).length;
  expect(count(/<figure class="thumb blurry"/g)).toBe(24);
  expect(html).toContain(`data-more="${c.blurry - 24}"`);
  expect(count(/<figure class="thumb dark"/g)).toBe(24);
  expect(count(/<div class="cluster"/g)).toBe(12);
  expect(count(/class="idle-interval"/g)).toBe(100);
  expect(count(/class="flag-marker blurry"/g)).toBeLessThanOrEqual(800);
  expect(count(/data:image\/jpeg;base64,/g)).toBe(24 + 24 + 1 + 12 * 7); // every shown tile has its picture
  expect(html.length).toBeLessThan(3_000_000);
  expect(r.streams[0].thumbnails).toBeLessThanOrEqual(24 + 24 + 1 + 12 * 7); // distinct frames
  expect(ms).toBeLessThan(30_000);
});

test('text from the data is escaped, and a frame whose file is gone gets a placeholder', async () => {
  const rows = async function* (): AsyncGenerator<ExportRow> {
    yield { stream: 's', frame_idx: 0, path: 'missing.jpg', blake3: 'x', width: 1, height: 1, error: null, blur: { ratio: 0.1, flag: true } } as ExportRow;
    yield { stream: 's', frame_idx: 1, path: '<b>.jpg', blake3: 'y', width: null, height: null, error: { code: 'FRAME_EMPTY', message: '<script>alert(1)</script>' } } as ExportRow;
  };
  const r = await buildReport({ jobId: 'j', stages: [], streams: [{ id: 's1', name: '<s>', dir, stages: ['blur'], rows, tables: {} }], tables: {}, records: {} } as ExportSource);
  expect(r.html).not.toContain('<script>');
  expect(r.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(r.html).toContain('<div class="noimg">no preview</div>');
  expect(r.counts).toMatchObject({ frames: 2, unreadable: 1, blurry: 1, unreadableByCode: { FRAME_EMPTY: 1 } });
});

test('clusters across streams (job table dedup-across.clusters) show one frame of each stream side by side', async () => {
  const stream = (name: string, offset: number) => ({
    id: `${name}-id`,
    name,
    dir,
    stages: ['dedup', 'dedup-across'],
    tables: {},
    rows: async function* (): AsyncGenerator<ExportRow> {
      for (let i = 0; i < 20; i++) {
        const cluster = i >= offset && i < offset + 3 ? 'a:5' : `${name}:${i}`;
        yield { stream: name, frame_idx: i, path: `f_${i % 4}.jpg`, blake3: 'x', width: 64, height: 36, error: null, 'dedup-across': { cluster, cross_of: null } } as ExportRow;
      }
    },
  });
  const source = {
    jobId: 'j',
    stages: [],
    streams: [stream('a', 5), stream('b', 12)],
    tables: { 'dedup-across': { clusters: [['a:5', 'a', 5, 2, 6]] } },
    records: {},
  } as ExportSource;
  const r = await buildReport(source);
  const m = r.html.match(/<div class="cluster cross" data-cluster="a:5" data-size="6">.*?<\/div><\/div>/s);
  expect(m).not.toBeNull();
  const frames = [...(m as RegExpMatchArray)[0].matchAll(/data-frame="(\d+)"/g)].map((x) => Number(x[1]));
  expect(frames).toEqual([5, 12]);
  expect((m as RegExpMatchArray)[0]).toContain('data:image/jpeg;base64,');
});
