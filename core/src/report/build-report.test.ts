import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import type { ExportRow, ExportSource, ExportStream } from '@winnow/sdk';
import { buildReport } from './build-report';
import type { ReportDeclaration } from './declared';

const N = 100_000;
let dir: string;
let out: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-report-unit-'));
  out = path.join(dir, 'out');
  for (let k = 0; k < 4; k++) {
    const jpg = await sharp({ create: { width: 64, height: 36, channels: 3, background: { r: 40 * k, g: 120, b: 200 - 40 * k } } }).jpeg().toBuffer();
    await fs.writeFile(path.join(dir, `f_${k}.jpg`), jpg);
  }
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** Declarations of made-up stages: the report renders whatever is declared, whatever the stages are called. */
const DECLARED: ReportDeclaration[] = [
  {
    stage: 'sharp-o-meter',
    settings: { cut: 0.4 },
    report: {
      findings: [{ key: 'soft', label: 'Soft', field: 'bad', score: 'r' }],
      charts: [{ title: 'Crispness', series: [{ field: 'r', label: 'r' }], threshold: { config: 'cut', label: 'cut' }, min: 0, markers: [{ finding: 'soft', at: 'r', low: true }] }],
    },
  },
  {
    stage: 'twins',
    settings: {},
    report: { findings: [{ key: 'twin', label: 'Twin', field: 'of', unless: 'same' }], groups: { field: 'g', key: 'twinGroups', label: 'Twin groups' } },
  },
  {
    stage: 'calm',
    settings: {},
    report: { findings: [{ key: 'calm', label: 'Calm', field: 'still' }], intervals: { table: 'spans', key: 'calmSpans', label: 'Calm spans' }, facets: [{ field: 'part', label: 'Part', count: 'parts' }], keep: 'keep' },
  },
];

/** A 100k-frame stream: a soft frame every 97, 100 calm spans, 200 twin groups of 10. */
function bigSource(): ExportSource {
  const spans: [number, number, number][] = [];
  for (let s = 300; s < N; s += 1000) spans.push([s, s + 49, 0.9]);
  const rows = async function* (): AsyncGenerator<ExportRow> {
    for (let i = 0; i < N; i++) {
      const error = i % 10007 === 5 ? { code: 'FRAME_CORRUPT', message: `image_${i}.jpg: cannot be decoded` } : null;
      const inGroup = i % 500 < 10;
      const rep = i - (i % 500);
      const row: Record<string, unknown> = { stream: 'big', frame_idx: i, path: `f_${i % 4}.jpg`, blake3: `${i % 4}`.repeat(64), width: 64, height: 36, error };
      if (!error) row['sharp-o-meter'] = { r: i % 97 === 0 ? 0.1 : 1 + 0.1 * Math.sin(i / 50), bad: i % 97 === 0 };
      row.twins = { of: inGroup && i !== rep ? rep : null, same: null, g: String(inGroup ? rep : i) };
      const still = (i % 1000) - 300 >= 0 && (i % 1000) - 300 < 50;
      row.calm = { still, part: Math.floor(i / 25_000), keep: i % 3 === 0 };
      yield row as ExportRow;
    }
  };
  return {
    jobId: 'job-big',
    stages: [{ name: 'sharp-o-meter', version: '1.0.0', partition: 'stream' }],
    streams: [{ id: 'big-1', name: 'big', dir, stages: ['sharp-o-meter', 'twins', 'calm'], rows, tables: { calm: { spans } } }],
    tables: {},
    records: {},
  } as ExportSource;
}

test('a 100k-frame stream: counts of what is declared, a small page, the frames in index and detail scripts, one thumbnail per content', async () => {
  const html = path.join(out, 'big.html');
  const r = await buildReport(bigSource(), DECLARED, html, { maxPoints: 800 });
  const c = r.counts;
  expect(c.frames).toBe(N);
  expect(c.unreadable).toBe(10);
  let soft = 0;
  for (let i = 0; i < N; i += 97) if (i % 10007 !== 5) soft++;
  expect(c.soft).toBe(soft);
  expect(c.twin).toBe(200 * 9);
  expect(c.twinGroups).toBe(200);
  expect(c.calmSpans).toBe(100);
  expect(c.calm).toBe(5000);
  expect(c.parts).toBe(4);
  expect(c.kept).toBe(Math.ceil(N / 3));
  expect(r.unreadableByCode).toEqual({ FRAME_CORRUPT: 10 });
  const count = (re: RegExp) => (r.html.match(re) ?? []).length;
  expect(count(/<div class="cluster" /g)).toBe(12);
  expect(count(/class="interval"/g)).toBe(0); // calm spans are drawn on calm's charts, and calm declares none
  expect(count(/<tr class="interval-row">/g)).toBe(100);
  expect(count(/class="flag-marker /g)).toBeLessThanOrEqual(800);
  expect(r.html).toContain('cut 0.4');
  expect(r.html.length).toBeLessThan(5_000_000);
  const files = await fs.readdir(path.join(out, 'big_files/detail'));
  expect(files).toHaveLength(N / 500);
  const index = await fs.readFile(path.join(out, 'big_files/index/0.js'), 'utf8');
  expect(index.startsWith('winnowIndex(0,{')).toBe(true);
  expect(await fs.readdir(path.join(out, 'big_files/t'))).toHaveLength(4);
  expect(r.thumbnailsMade).toBe(4);
  await fs.writeFile(path.join(out, 'big_files/t/00000000000000ff.jpg'), 'a frame that left the job');
  const again = await buildReport(bigSource(), DECLARED, html, { maxPoints: 800 });
  expect(again.thumbnailsMade).toBe(0);
  expect(await fs.readdir(path.join(out, 'big_files/t'))).toHaveLength(4);
}, 120_000);

test('text from the data is escaped; nothing declared, nothing shown but the catalog', async () => {
  const rows = async function* (): AsyncGenerator<ExportRow> {
    yield { stream: 's', frame_idx: 0, path: 'missing.jpg', blake3: 'a'.repeat(64), width: 1, height: 1, error: null, blur: { ratio: 0.1, flag: true } } as ExportRow;
    yield { stream: 's', frame_idx: 1, path: '<b>.jpg', blake3: 'b'.repeat(64), width: null, height: null, error: { code: 'FRAME_EMPTY', message: '<script>alert(1)</script>' } } as ExportRow;
  };
  const r = await buildReport({ jobId: 'j', stages: [], streams: [{ id: 's1', name: '<s>', dir, stages: ['blur'], rows, tables: {} }], tables: {}, records: {} } as ExportSource, [], path.join(out, 'esc.html'));
  expect(r.html).not.toContain('<script>alert');
  expect(r.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(r.counts).toEqual({ frames: 2, readable: 1, unreadable: 1 });
  expect(r.html).not.toContain('data-key="blurry"');
  const detail = await fs.readFile(path.join(out, 'esc_files/detail/0-0.js'), 'utf8');
  expect(detail).not.toContain('</script>');
});

test('groups across streams show one frame of each stream side by side', async () => {
  const stream = (name: string, offset: number): ExportStream => ({
    id: `${name}-id`,
    name,
    dir,
    stages: ['pairs'],
    tables: {},
    rows: async function* (): AsyncGenerator<ExportRow> {
      for (let i = 0; i < 20; i++) {
        const cluster = i >= offset && i < offset + 3 ? 'a:5' : `${name}:${i}`;
        yield { stream: name, frame_idx: i, path: `f_${i % 4}.jpg`, blake3: `${i % 4}`.repeat(64), width: 64, height: 36, error: null, pairs: { cluster } } as ExportRow;
      }
    },
  });
  const source = { jobId: 'j', stages: [], streams: [stream('a', 5), stream('b', 12)], tables: {}, records: {} } as ExportSource;
  const declared: ReportDeclaration[] = [{ stage: 'pairs', settings: {}, report: { groups: { field: 'cluster', key: 'acrossGroups', label: 'Across', across: true } } }];
  const r = await buildReport(source, declared, path.join(out, 'across.html'));
  expect(r.counts.acrossGroups).toBe(1);
  const m = r.html.match(/<div class="cluster" data-def="0" data-group="\d+" data-size="6">.*?<\/div><\/div>/s);
  expect(m).not.toBeNull();
  const frames = [...(m as RegExpMatchArray)[0].matchAll(/data-frame="(\d+)"/g)].map((x) => Number(x[1]));
  expect(frames).toEqual([5, 6, 7, 12, 13, 14]);
});
