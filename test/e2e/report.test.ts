import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { buildReport, type ReportDeclaration } from '@winnow/core';
import type { ExportRow, ExportSource } from '@winnow/sdk';
import { makeStream, ROOT, winnow } from '../helpers/cli';

/**
 * `winnow report` end to end: two real streams (one with two still periods and a run of near-duplicates), a run,
 * the JSONL export as the reference, then the review page driven in a real headless Chromium: filters, sort,
 * enlarge, keyboard, groups and intervals opened in full, a timeline click. CI installs the browser
 * (`apt-get install -y chromium`) and fails without it. Elsewhere, a machine without Debian's chromium skips the
 * browser part and says so (or set WINNOW_SKIP_BROWSER=1). Screenshots go to test/artifacts/.
 */
const CHROMIUM = process.env.WINNOW_CHROMIUM ?? '/usr/bin/chromium';
const SKIP_BROWSER = process.env.WINNOW_SKIP_BROWSER === '1' || (!process.env.CI && !existsSync(CHROMIUM));
if (SKIP_BROWSER) console.log(`report browser test skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium; CI installs it and never skips)`);
const ARTIFACTS = path.join(ROOT, 'test/artifacts');
const browserTest = SKIP_BROWSER ? test.skip : test;

interface Row {
  stream: string;
  frame_idx: number;
  path: string;
  error: { code: string } | null;
  blur?: { flag: boolean };
  darkness?: { flag: boolean; overexposed: boolean };
  dedup?: { exact_of: number | null; near_of: number | null; group: string };
  idle?: { flag: boolean };
  select: { keep: boolean; reason: string; scene: number };
}

let tmp: string;
let ws: string;
let report: string;
let summary: { out: string; streams: { name: string; counts: Record<string, number> }[]; counts: Record<string, number>; unreadableByCode: Record<string, number> };
const rows = new Map<string, Row[]>();
const intervals = new Map<string, [number, number, number][]>();

/** Overwrites frames [from, to] with re-encodes of frame from-1 plus a little sensor noise: a still camera. */
async function holdStill(dir: string, from: number, to: number): Promise<void> {
  const src = await sharp(path.join(dir, `image_${from - 1}.jpg`)).raw().toBuffer({ resolveWithObject: true });
  let seed = from;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let k = from; k <= to; k++) {
    const px = Buffer.from(src.data);
    for (let i = 0; i < px.length; i++) px[i] = Math.max(0, Math.min(255, px[i] + Math.round((rand() - 0.5) * 4)));
    const jpg = await sharp(px, { raw: { width: src.info.width, height: src.info.height, channels: src.info.channels } }).jpeg({ quality: 88 }).toBuffer();
    await fs.writeFile(path.join(dir, `image_${k}.jpg`), jpg);
  }
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-report-'));
  ws = path.join(tmp, 'ws');
  const a = path.join(tmp, 'cam_a');
  const b = path.join(tmp, 'cam_b');
  await makeStream(a, ['--frames', '200', '--width', '480', '--height', '270']);
  await holdStill(a, 10, 34); // idle about [10, 34] and a near-duplicate cluster
  await holdStill(a, 165, 179); // idle about [165, 179] (the empty frame 160 and not-an-image 180 around it)
  await makeStream(b, ['--frames', '60', '--width', '320', '--height', '180', '--seed', '2']);
  const run = await winnow(['run', '--input', a, '--input', b, '--workspace', ws, '--idle.min-frames', '12']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const out = path.join(tmp, 'export');
  expect((await winnow(['export', '--workspace', ws, '--format', 'jsonl', '--out', out])).code).toBe(0);
  for (const name of ['cam_a', 'cam_b']) {
    rows.set(name, (await fs.readFile(path.join(out, `${name}.frames.jsonl`), 'utf8')).trim().split('\n').map((l) => JSON.parse(l)));
    intervals.set(name, JSON.parse(await fs.readFile(path.join(out, `${name}.idle.json`), 'utf8')).idle_intervals);
  }
  report = path.join(tmp, 'out', 'report.html');
  const r = await winnow(['report', '--workspace', ws, '--out', report, '--json']);
  expect(r.code).toBe(0);
  summary = JSON.parse(r.stdout);
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

function expected(name: string) {
  const rs = rows.get(name) as Row[];
  const groups = new Map<string, number>();
  for (const r of rs) if (r.dedup) groups.set(r.dedup.group, (groups.get(r.dedup.group) ?? 0) + 1);
  return {
    frames: rs.length,
    unreadable: rs.filter((r) => r.error).length,
    blurry: rs.filter((r) => r.blur?.flag).map((r) => r.frame_idx),
    dark: rs.filter((r) => r.darkness?.flag).map((r) => r.frame_idx),
    overexposed: rs.filter((r) => r.darkness?.overexposed).map((r) => r.frame_idx),
    duplicates: rs.filter((r) => r.dedup?.exact_of !== null && r.dedup?.exact_of !== undefined).length,
    nearDuplicates: rs.filter((r) => r.dedup && r.dedup.exact_of === null && r.dedup.near_of !== null).length,
    clusters: new Map([...groups].filter(([, n]) => n > 1)),
    idleFrames: rs.filter((r) => r.idle?.flag).length,
    intervals: intervals.get(name) as [number, number, number][],
  };
}

test('report --json counts what the stages declare, and agree with the export', async () => {
  expect(summary.out).toBe(report);
  expect(summary.streams.map((s) => s.name)).toEqual(['cam_a', 'cam_b']);
  for (const s of summary.streams) {
    const e = expected(s.name);
    expect(s.counts).toMatchObject({
      frames: e.frames,
      unreadable: e.unreadable,
      blurry: e.blurry.length,
      dark: e.dark.length,
      overexposed: e.overexposed.length,
      duplicates: e.duplicates,
      nearDuplicates: e.nearDuplicates,
      duplicateClusters: e.clusters.size,
      idleFrames: e.idleFrames,
      idleIntervals: e.intervals.length,
    });
  }
  const a = expected('cam_a');
  // the fixture really exercises every part of the page
  expect(a.intervals).toHaveLength(2);
  expect(a.intervals[0][1]).toBe(34);
  expect(a.intervals[1][1]).toBe(179);
  expect(a.blurry.length).toBeGreaterThanOrEqual(3);
  expect(a.dark.length).toBeGreaterThanOrEqual(3);
  expect(Math.max(...a.clusters.values())).toBeGreaterThanOrEqual(20);
  expect(summary.unreadableByCode).toEqual({ FRAME_CORRUPT: 2, FRAME_EMPTY: 2, FRAME_NOT_IMAGE: 2 });
  expect(summary.counts.frames).toBe(a.frames + expected('cam_b').frames);
  const html = await fs.readFile(report, 'utf8');
  expect(html).not.toMatch(/<script src="(?!report_files\/index\/\d+\.js")|https?:\/\/(?!www\.w3\.org)|<link /); // nothing to fetch but its own folder
  const thumbs = await fs.readdir(path.join(tmp, 'out', 'report_files', 't'));
  expect(thumbs.length).toBeGreaterThan(200);
});

test('--stream limits the report to one stream; an unknown stream is refused with the names it knows', async () => {
  const one = await winnow(['report', '--workspace', ws, '--out', path.join(tmp, 'b.html'), '--stream', 'cam_b', '--json']);
  expect(one.code).toBe(0);
  expect(JSON.parse(one.stdout).streams.map((s: { name: string }) => s.name)).toEqual(['cam_b']);
  const bad = await winnow(['report', '--workspace', ws, '--out', path.join(tmp, 'x.html'), '--stream', 'nope']);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toMatch(/no stream nope/);
  expect(bad.stderr).toMatch(/cam_a, cam_b/);
});

async function withPage(fn: (page: Page, problems: string[], requests: string[]) => Promise<void>): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get update && apt-get install -y chromium\` (CI does), or set WINNOW_SKIP_BROWSER=1 to skip this test locally.`);
  const { chromium } = await import('playwright-core');
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await fn(page, problems, requests);
  } finally {
    await context.close();
    await fs.rm(profile, { recursive: true, force: true });
  }
}

const shown = async (page: Page) => Number((await page.textContent('#shown'))?.replace(/,/g, ''));

browserTest('the review page: filters, sort, enlarge with path and values, keyboard, groups and intervals in full, timeline click', async () => {
  await withPage(async (page, problems, requests) => {
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
    const a = expected('cam_a');
    const b = expected('cam_b');
    await fs.mkdir(ARTIFACTS, { recursive: true });
    expect(await shown(page)).toBe(a.frames + b.frames);

    // summary cards show the export's numbers
    const sa = page.locator('section.stream[data-stream="cam_a"]');
    for (const [key, n] of Object.entries({ frames: a.frames, blurry: a.blurry.length, dark: a.dark.length, idleIntervals: a.intervals.length })) {
      await expect(sa.locator(`.card[data-key="${key}"]`).getAttribute('data-count')).resolves.toBe(String(n));
    }
    await expect(sa.locator('circle.flag-marker[data-kind="blurry"]').count()).resolves.toBe(a.blurry.length);
    const spans = await sa.locator('svg rect.interval').evaluateAll((els) => els.map((el) => [Number(el.getAttribute('data-start')), Number(el.getAttribute('data-end'))]));
    expect(spans).toEqual(a.intervals.map(([s, e]) => [s, e]));

    // filters change the shown set: by finding, then by stream
    await page.selectOption('select[data-filter="finding"]', 'blurry');
    expect(await shown(page)).toBe(a.blurry.length + b.blurry.length);
    await page.selectOption('select[data-filter="stream"]', '0');
    expect(await shown(page)).toBe(a.blurry.length);
    const frames = await page.locator('#grid figure').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-frame'))));
    expect(frames).toEqual(a.blurry);
    await page.selectOption('select[data-filter="finding"]', 'dark');
    expect(await shown(page)).toBe(a.dark.length);
    const img = await page.locator('#grid figure img').first().evaluate(async (el) => {
      const i = el as HTMLImageElement;
      if (!i.complete) await new Promise((r) => i.addEventListener('load', r, { once: true }));
      return i.naturalWidth;
    });
    expect(img).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-gallery.png') });

    // sort by a declared score: the blurriest first
    await page.selectOption('select[data-filter="finding"]', 'blurry');
    await page.selectOption('select[data-filter="sort"]', { label: 'Blurry score ↑' });
    const sorted = await page.locator('#grid figure').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-frame'))));
    expect([...sorted].sort((x, y) => x - y)).toEqual(a.blurry);

    // enlarge: the file's path and every stage's values; → moves, Esc closes
    await page.locator('#grid figure').first().click();
    await page.waitForSelector('#vvals table');
    expect(await page.isVisible('#viewer')).toBe(true);
    const first = rows.get('cam_a')?.find((r) => r.frame_idx === sorted[0]) as Row;
    await expect(page.textContent('#vvals .path')).resolves.toBe(first.path);
    const stagesShown = await page.locator('#vvals tr.stage th').allTextContents();
    expect(stagesShown).toEqual(expect.arrayContaining(['blur', 'darkness', 'dedup', 'idle']));
    await expect(page.locator('#vimg').evaluate((el) => (el as HTMLImageElement).src)).resolves.toContain(`cam_a/${first.path}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-enlarged.png') });
    await page.keyboard.press('ArrowRight');
    await expect(page.textContent('#vhead h3')).resolves.toBe(`cam_a #${sorted[1]}`);
    await page.keyboard.press('Escape');
    expect(await page.isVisible('#viewer')).toBe(false);

    // a duplicate group opens in full
    const big = Math.max(...a.clusters.values());
    await page.locator(`section.stream[data-stream="cam_a"] .cluster[data-size="${big}"] button.open-group`).first().click();
    await page.selectOption('select[data-filter="finding"]', '');
    await page.selectOption('select[data-filter="sort"]', 'frame');
    expect(await shown(page)).toBe(big);
    await page.click('#clear-scope');
    // an idle interval opens in full (the catalogued frames inside it)
    await page.locator('section.stream[data-stream="cam_a"] button.open-interval').first().click();
    const [s0, e0] = a.intervals[0];
    expect(await shown(page)).toBe((rows.get('cam_a') as Row[]).filter((r) => r.frame_idx >= s0 && r.frame_idx <= e0).length);
    await page.click('#clear-scope');

    // what select declares: a kept/dropped filter and its reason and scene as facets (and in each tile's tooltip)
    const all = rows.get('cam_a') as Row[]; // the stream filter is still on cam_a
    await page.selectOption('select[data-filter="keep"]', '0');
    expect(await shown(page)).toBe(all.filter((r) => !r.select.keep).length);
    const reasons = await page.locator('select[data-facet="0"] option').allTextContents();
    const near = reasons.indexOf('near-duplicate') - 1; // after "all"
    expect(near).toBeGreaterThanOrEqual(0);
    await page.selectOption('select[data-facet="0"]', String(near));
    expect(await shown(page)).toBe(all.filter((r) => r.select.reason === 'near-duplicate').length);
    await expect(page.locator('#grid figure').first().getAttribute('title')).resolves.toMatch(/^Reason: near-duplicate · Scene: \d+$/);
    await page.selectOption('select[data-facet="0"]', '');
    await page.selectOption('select[data-filter="keep"]', '');

    // a click on a timeline opens the frame there
    const svg = sa.locator('.chart svg.timeline').first();
    const box = await svg.boundingBox();
    if (!box) throw new Error('no timeline');
    await svg.click({ position: { x: box.width * (52 + (1000 - 64) * 0.5) / 1000, y: box.height / 2 } });
    await page.waitForSelector('#vvals table');
    const opened = Number((await page.textContent('#vhead h3'))?.split('#')[1]);
    expect(Math.abs(opened - 99.5)).toBeLessThanOrEqual(2);
    await page.keyboard.press('Escape');
    await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });

    expect(problems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
  });
}, 120_000);

/** Declarations as the bundled curation stages make them, for a synthetic 100,000-frame job. */
const BIG_DECLARED: ReportDeclaration[] = [
  { stage: 'q', settings: { threshold: 0.45 }, report: { findings: [{ key: 'blurry', label: 'Blurry', field: 'flag', score: 'ratio' }], charts: [{ title: 'Sharpness', series: [{ field: 'ratio', label: 'ratio' }], threshold: { config: 'threshold', label: 'blur threshold' }, min: 0, markers: [{ finding: 'blurry', at: 'ratio', low: true }] }] } },
  { stage: 'd', settings: {}, report: { findings: [{ key: 'near', label: 'Near-duplicates', field: 'near_of' }], groups: { field: 'group', key: 'clusters', label: 'Duplicate clusters' } } },
  { stage: 's', settings: {}, report: { facets: [{ field: 'scene', label: 'Scene', count: 'scenes' }], keep: 'keep' } },
];

browserTest('the review page of a 100,000-frame job is under 5 MB and opens in Chromium in under 3 s', async () => {
  const dir = path.join(tmp, 'big');
  await fs.mkdir(dir, { recursive: true });
  for (let k = 0; k < 8; k++) await fs.writeFile(path.join(dir, `f_${k}.jpg`), await sharp({ create: { width: 320, height: 180, channels: 3, background: { r: 30 * k, g: 90, b: 200 - 20 * k } } }).jpeg().toBuffer());
  const N = 100_000;
  const stream = (name: string, n: number, offset: number) => ({
    id: name,
    name,
    dir,
    stages: ['q', 'd', 's'],
    tables: {},
    rows: async function* (): AsyncGenerator<ExportRow> {
      for (let i = 0; i < n; i++) {
        const g = i - (i % 50);
        yield { stream: name, frame_idx: i, path: `f_${(i + offset) % 8}.jpg`, blake3: `${(i + offset) % 8}`.repeat(64), width: 320, height: 180, error: null, q: { ratio: 1 + Math.sin(i / 40) / 2, flag: i % 89 === 0 }, d: { near_of: i % 50 < 5 && i !== g ? g : null, group: String(i % 50 < 5 ? g : i) }, s: { scene: Math.floor(i / 5000), keep: i % 10 === 0 } } as ExportRow;
      }
    },
  });
  const source = { jobId: 'big', stages: [], streams: [stream('cam_1', N / 2, 0), stream('cam_2', N / 4, 3), stream('cam_3', N / 4, 5)], tables: {}, records: {} } as ExportSource;
  const html = path.join(dir, 'out', 'big.html');
  await fs.mkdir(path.dirname(html), { recursive: true });
  const r = await buildReport(source, BIG_DECLARED, html);
  await fs.writeFile(html, r.html);
  const bytes = (await fs.stat(html)).size;
  expect(r.counts.frames).toBe(N);
  expect(bytes).toBeLessThan(5 * 1024 * 1024);
  await withPage(async (page, problems) => {
    const t0 = Date.now();
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    await page.waitForSelector('#grid figure');
    const ms = Date.now() - t0;
    console.log(`review page of ${N} frames: ${(bytes / 1024).toFixed(0)} KiB HTML, opened in ${ms} ms`);
    expect(ms).toBeLessThan(3000);
    expect(await shown(page)).toBe(N);
    await page.selectOption('select[data-filter="keep"]', '1');
    expect(await shown(page)).toBe(N / 10);
    await page.selectOption('select[data-facet="0"]', '3'); // scene 3: frames 15,000-19,999 of each stream
    expect(await shown(page)).toBe(3 * 500);
    await page.selectOption('select[data-filter="stream"]', '1');
    expect(await shown(page)).toBe(500);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-100k.png') });
    expect(problems).toEqual([]);
  });
}, 180_000);

browserTest('objects an annotation stage declares are drawn on the enlarged frame', async () => {
  const dir = path.join(tmp, 'objects');
  await fs.mkdir(path.join(dir, 'out'), { recursive: true });
  const frames = [2, 0, 1]; // objects per frame
  for (let i = 0; i < frames.length; i++) await fs.writeFile(path.join(dir, `image_${i}.jpg`), await sharp({ create: { width: 320, height: 180, channels: 3, background: { r: 60 + 40 * i, g: 120, b: 90 } } }).jpeg().toBuffer());
  const box = (k: number) => ({ box: [10 + 150 * k, 20, 110 + 150 * k, 160], category: k ? 'car' : 'person', score: 0.9 - k / 10 });
  const source = {
    jobId: 'objects',
    stages: [],
    tables: {},
    records: {},
    streams: [
      {
        id: 'cam',
        name: 'cam',
        dir,
        stages: ['det'],
        tables: {},
        rows: async function* (): AsyncGenerator<ExportRow> {
          for (let i = 0; i < frames.length; i++) yield { stream: 'cam', frame_idx: i, path: `image_${i}.jpg`, blake3: `${i}`.repeat(64), width: 320, height: 180, error: null, det: { review: i === 2, objects: Array.from({ length: frames[i] }, (_, k) => box(k)) } } as ExportRow;
        },
      },
    ],
  } as ExportSource;
  const declared: ReportDeclaration[] = [{ stage: 'det', settings: {}, report: { findings: [{ key: 'review', label: 'For review', field: 'review' }], objects: { field: 'objects', box: 'box', label: 'category', score: 'score' } } }];
  const html = path.join(dir, 'out', 'objects.html');
  await fs.writeFile(html, (await buildReport(source, declared, html)).html);
  await withPage(async (page, problems) => {
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    await page.locator('#grid figure').first().click();
    await page.waitForSelector('#vobj rect.obj');
    await expect(page.locator('#vobj rect.obj').count()).resolves.toBe(2);
    await expect(page.locator('#vobj text.obj-label').allTextContents()).resolves.toEqual(['person 0.90', 'car 0.80']);
    await expect(page.locator('#vobj rect.obj').first().getAttribute('width')).resolves.toBe('100');
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-objects.png') });
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('#vhead h3')?.textContent === 'cam #1');
    await page.waitForFunction(() => document.querySelectorAll('#vobj rect.obj').length === 0);
    await page.keyboard.press('Escape');
    await page.selectOption('select[data-filter="finding"]', 'review');
    expect(await shown(page)).toBe(1);
    expect(problems).toEqual([]);
  });
}, 120_000);
