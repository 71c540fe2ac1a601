import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { COCO80_TO_COCO_ID } from '@winnow/annotate';
import { cocoExporter, type CocoDocument } from '@winnow/export-coco';
import { exportSourceOf, object, record } from '../../annotate-common/src/testing/export-source';
import { yoloExporter } from './yolo-exporter';
import { readYoloLabels } from './yolo-labels';

let dir: string;
const ctx = <O>(options: O, outDir: string) => ({ options, outDir, logger: { debug() {}, info() {}, warn() {}, error() {} }, signal: new AbortController().signal });

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-yolo-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

const frames = () =>
  Array.from({ length: 12 }, (_, i) =>
    record(80 + i, 60, [object([i, 2, 30 + i, 40], 1, 'person', 0.9, { width: 80 + i, height: 60 }), object([50, 10.5, 70, 33.25], 90, 'toothbrush', 0.6)]),
  );

test('COCO -> YOLO -> back: the Ultralytics layout, and every box and class survives the round trip', async () => {
  const src = await exportSourceOf(path.join(dir, 'streams'), { cam: frames() });
  const cocoDir = path.join(dir, 'coco');
  const yoloDir = path.join(dir, 'yolo');
  await fs.mkdir(cocoDir, { recursive: true });
  await fs.mkdir(yoloDir, { recursive: true });
  await cocoExporter.export(src, ctx({ stage: '', segmentation: 'polygon' as const, polygonTolerance: 0, images: 'none' as const, only: 'annotated' as const }, cocoDir));
  await yoloExporter.export(src, ctx({ stage: '', val: 0.25, split: 'blocks' as const, blockFrames: 3, guard: 0, only: 'annotated' as const, segments: false, polygonTolerance: 0, images: 'link' as const }, yoloDir));
  const coco = JSON.parse(await fs.readFile(path.join(cocoDir, 'instances.json'), 'utf8')) as CocoDocument;

  const yaml = await fs.readFile(path.join(yoloDir, 'data.yaml'), 'utf8');
  expect(yaml).toMatch(/^train: images\/train$/m);
  expect(yaml).toMatch(/^val: images\/val$/m);
  expect(yaml).toMatch(/^ {2}0: "person"$/m);
  expect(yaml).toMatch(/^ {2}79: "toothbrush"$/m);
  const splits = await Promise.all(['train', 'val'].map((s) => fs.readdir(path.join(yoloDir, 'labels', s)).catch(() => [] as string[])));
  expect(splits[0].length + splits[1].length).toBe(12);
  expect(splits[1].length).toBe(3); // one block of 3 frames in 4
  expect(splits[0].length).toBe(9);

  for (const image of coco.images) {
    const stem = `cam__${path.basename(image.file_name, '.jpg')}`;
    const split = splits[0].includes(`${stem}.txt`) ? 'train' : 'val';
    expect((await fs.lstat(path.join(yoloDir, 'images', split, `${stem}.jpg`))).isSymbolicLink()).toBe(true);
    const labels = readYoloLabels(await fs.readFile(path.join(yoloDir, 'labels', split, `${stem}.txt`), 'utf8'), image.width, image.height);
    const anns = coco.annotations.filter((a) => a.image_id === image.id);
    expect(labels).toHaveLength(anns.length);
    labels.forEach((l, k) => {
      expect(COCO80_TO_COCO_ID[l.cls]).toBe(anns[k].category_id);
      const [x, y, w, h] = anns[k].bbox;
      [x, y, x + w, y + h].forEach((v, j) => expect(Math.abs(l.box[j] - v)).toBeLessThan(1e-3));
    });
  }
});

test('segments: polygon lines normalised to 0..1 whose bounds are the mask box', async () => {
  const src = await exportSourceOf(path.join(dir, 'streams-seg'), { cam: frames().slice(0, 1) });
  const out = path.join(dir, 'yolo-seg');
  await fs.mkdir(out, { recursive: true });
  const res = await yoloExporter.export(src, ctx({ stage: '', val: 0, split: 'blocks' as const, blockFrames: 100, guard: 5, only: 'annotated' as const, segments: true, polygonTolerance: 0, images: 'copy' as const }, out));
  const label = res.files.find((f) => f.startsWith('labels/train/'))!;
  const [seg, box] = readYoloLabels(await fs.readFile(path.join(out, label), 'utf8'), 80, 60);
  expect(seg.polygon!.length).toBeGreaterThanOrEqual(6);
  expect(seg.box.map((v) => Math.round(v * 1000) / 1000)).toEqual([0, 2, 30, 40]);
  expect(box.polygon).toBeUndefined(); // no mask: a box line
  expect(() => readYoloLabels('0 0.5 0.5 1.5 0.2', 10, 10)).toThrow(/normalised/);
});
