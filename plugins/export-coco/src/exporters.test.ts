import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeRle, polygonsToMask, rleArea } from '@winnow/annotate';
import { exportSourceOf, object, record } from '../../annotate-common/src/testing/export-source';
import { cocoExporter } from './coco-exporter';
import { reviewExporter } from './review-exporter';
import type { CocoDocument } from './coco-document';
import type { LsTask } from './label-studio';

let dir: string;
const ctx = <O>(options: O, outDir: string) => ({ options, outDir, logger: { debug() {}, info() {}, warn() {}, error() {} }, signal: new AbortController().signal });

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-coco-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function source() {
  return exportSourceOf(path.join(dir, 'streams'), {
    cam1: [
      record(64, 48, [object([10, 5, 30, 45], 1, 'person', 0.91, { width: 64, height: 48 }), object([40.5, 10.25, 60, 20], 3, 'car', 0.8)]),
      record(64, 48, [], { selected: false, skip: 'near-duplicate', duplicate_of: 0 }),
      record(64, 48, [object([0, 0, 8, 8], 90, 'toothbrush', 0.35)], { uncertainty: 0.7, review: true, reasons: ['1 score in band'] }),
      null,
    ],
    cam2: [record(32, 32, [object([2, 2, 10, 12], 1, 'person', 0.4, { width: 32, height: 32 })], { uncertainty: 0.95, review: true, reasons: ['box not confirmed'] })],
  });
}

test('COCO, field by field: images, annotations (bbox xywh, area, iscrowd, segmentation), categories with COCO ids', async () => {
  const out = path.join(dir, 'coco');
  await fs.mkdir(out, { recursive: true });
  const res = await cocoExporter.export(await source(), ctx({ stage: '', segmentation: 'polygon' as const, polygonTolerance: 0, images: 'link' as const, only: 'annotated' as const }, out));
  expect(res.files).toContain('instances.json');
  const doc = JSON.parse(await fs.readFile(path.join(out, 'instances.json'), 'utf8')) as CocoDocument;
  expect(Object.keys(doc).sort()).toEqual(['annotations', 'categories', 'images', 'info', 'licenses']);
  // Unselected frames (near-duplicates) and frames without a record are not images of the dataset.
  expect(doc.images.map((i) => [i.id, i.file_name, i.width, i.height])).toEqual([
    [1, 'cam1/image_0.jpg', 64, 48],
    [2, 'cam1/image_2.jpg', 64, 48],
    [3, 'cam2/image_0.jpg', 32, 32],
  ]);
  expect(new Set(doc.annotations.map((a) => a.id)).size).toBe(doc.annotations.length);
  const [person, car, brush, person2] = doc.annotations;
  expect(person).toMatchObject({ image_id: 1, category_id: 1, bbox: [10, 5, 20, 40], iscrowd: 0, area: 800, score: 0.91 });
  expect(car).toMatchObject({ image_id: 1, category_id: 3, bbox: [40.5, 10.25, 19.5, 9.75], area: 190.13, iscrowd: 0, segmentation: [] });
  expect(brush).toMatchObject({ image_id: 2, category_id: 90 });
  expect(person2.image_id).toBe(3);
  // Polygons: flat [x, y, ...] lists of >= 3 points that rasterise back to the mask.
  const poly = person.segmentation as number[][];
  expect(poly.every((p) => p.length >= 6 && p.length % 2 === 0)).toBe(true);
  expect(polygonsToMask(poly, 64, 48).reduce((n, v) => n + v, 0)).toBe(person.area);
  expect(doc.categories).toHaveLength(80);
  expect(doc.categories.find((c) => c.id === 90)).toEqual({ id: 90, name: 'toothbrush', supercategory: '' });
  expect(doc.categories.some((c) => c.id === 12)).toBe(false); // COCO ids keep their gaps
  expect((await fs.readlink(path.join(out, 'images/cam1/image_0.jpg')))).toBe(path.join(dir, 'streams/cam1/image_0.jpg'));
});

test('only selected: just the annotated frames the select stage keeps; a job without select is refused', async () => {
  const src = await source();
  const keep = new Set(['cam1:2', 'cam2:0']);
  const selected = {
    ...src,
    streams: src.streams.map((s) => ({
      ...s,
      stages: [...s.stages, 'select'],
      rows: async function* () {
        for await (const r of s.rows()) yield { ...r, select: { keep: keep.has(`${s.name}:${r.frame_idx}`) } };
      },
    })),
  };
  const out = path.join(dir, 'coco-selected');
  await fs.mkdir(out, { recursive: true });
  const options = { stage: '', segmentation: 'polygon' as const, polygonTolerance: 0, images: 'none' as const, only: 'selected' as const };
  await cocoExporter.export(selected, ctx(options, out));
  const doc = JSON.parse(await fs.readFile(path.join(out, 'instances.json'), 'utf8')) as CocoDocument;
  expect(doc.images.map((i) => i.file_name)).toEqual(['cam1/image_2.jpg', 'cam2/image_0.jpg']);
  await expect(cocoExporter.export(src, ctx(options, out))).rejects.toMatchObject({ code: 'ANNOTATE_BAD_INPUT' });
});

test('COCO with RLE segmentation keeps the mask exactly', async () => {
  const out = path.join(dir, 'coco-rle');
  await fs.mkdir(out, { recursive: true });
  await cocoExporter.export(await source(), ctx({ stage: '', segmentation: 'rle' as const, polygonTolerance: 0, images: 'none' as const, only: 'annotated' as const }, out));
  const doc = JSON.parse(await fs.readFile(path.join(out, 'instances.json'), 'utf8')) as CocoDocument;
  const seg = doc.annotations[0].segmentation as { size: [number, number]; counts: string };
  expect(seg.size).toEqual([48, 64]); // [height, width]
  expect(rleArea(seg)).toBe(800);
  expect(decodeRle(seg)[5 * 64 + 10]).toBe(1);
});

test('review: Label Studio tasks in its import format, most uncertain first, with a matching labelling config and COCO', async () => {
  const out = path.join(dir, 'review');
  await fs.mkdir(out, { recursive: true });
  await reviewExporter.export(await source(), ctx({ stage: '', all: false, imagePrefix: '/data/local-files/?d=', polygonTolerance: 0 }, out));
  const tasks = JSON.parse(await fs.readFile(path.join(out, 'tasks.json'), 'utf8')) as LsTask[];
  expect(tasks.map((t) => [t.data.image, t.data.uncertainty])).toEqual([
    ['/data/local-files/?d=cam2/image_0.jpg', 0.95],
    ['/data/local-files/?d=cam1/image_2.jpg', 0.7],
  ]);
  const config = await fs.readFile(path.join(out, 'label-config.xml'), 'utf8');
  for (const t of tasks) {
    // Label Studio import: a list of {data: {<$value of the Image tag>: url}, predictions: [{model_version, score, result}]}.
    expect(typeof t.data.image).toBe('string');
    for (const p of t.predictions) {
      expect(typeof p.model_version).toBe('string');
      for (const r of p.result) {
        expect(config).toContain(`name="${r.from_name}" toName="${r.to_name}"`);
        expect(config).toContain(`<Image name="${r.to_name}" value="$image"/>`);
        expect(r.original_width).toBeGreaterThan(0);
        if (r.type === 'rectanglelabels') {
          const v = r.value;
          for (const k of [v.x, v.y, v.width, v.height]) expect(k).toBeGreaterThanOrEqual(0);
          expect(v.x + v.width).toBeLessThanOrEqual(100);
          expect(v.y + v.height).toBeLessThanOrEqual(100);
          expect(config).toContain(`<Label value="${v.rectanglelabels[0]}"/>`);
        } else {
          expect(r.value.points.length).toBeGreaterThanOrEqual(3);
          expect(r.value.points.flat().every((c) => c >= 0 && c <= 100)).toBe(true);
        }
      }
    }
  }
  const person = tasks[0].predictions[0].result[0];
  expect(person).toMatchObject({ type: 'rectanglelabels', value: { x: 6.25, y: 6.25, width: 25, height: 31.25, rectanglelabels: ['person'] } });
  expect(tasks[0].predictions[0].result[1].type).toBe('polygonlabels');
  const coco = JSON.parse(await fs.readFile(path.join(out, 'instances.json'), 'utf8')) as CocoDocument;
  expect(coco.images.map((i) => i.file_name)).toEqual(['cam2/image_0.jpg', 'cam1/image_2.jpg']);
});
