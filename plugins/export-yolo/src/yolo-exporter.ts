import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AnnotateError, AnnotateErrorCode, COCO80_NAMES, OnlyOption, annotatedRows, contiguousOf, placeImage, type AnnotatedRow } from '@winnow/annotate';
import { Type, defineExporter } from '@winnow/sdk';
import { StreamSplitter } from './split';
import { classIndex, labelLine } from './yolo-labels';

export const YoloOptions = Type.Object(
  {
    stage: Type.String({ default: '', description: 'Stage whose annotation records to export. Empty: the last annotation stage.' }),
    val: Type.Number({ default: 0.2, minimum: 0, maximum: 1, description: 'Fraction of the split units (time blocks, scenes, or frames) in val, evenly spread.' }),
    split: Type.Union([Type.Literal('blocks'), Type.Literal('scenes'), Type.Literal('hash')], {
      default: 'blocks',
      description: "How frames are split: blocks: runs of blockFrames frame indices per stream; scenes: the select stage's scenes; hash: each frame by its content hash (neighbouring frames land on both sides).",
    }),
    blockFrames: Type.Integer({ default: 100, minimum: 1, description: 'Frames per time block (split blocks).' }),
    guard: Type.Integer({ default: 5, minimum: 0, description: 'Frames left out of both splits after a boundary where the split changes, so no two neighbours are on both sides.' }),
    only: OnlyOption,
    segments: Type.Boolean({ default: false, description: 'Write mask polygons (YOLO segmentation) instead of boxes where a mask exists.' }),
    polygonTolerance: Type.Number({ default: 1, minimum: 0, description: 'Douglas-Peucker tolerance in pixels of segment polygons.' }),
    images: Type.Union([Type.Literal('link'), Type.Literal('copy')], { default: 'link', description: 'Frames under images/<split>/ as symlinks or copies.' }),
  },
  { additionalProperties: false },
);

/** A file stem unique across streams: `<stream>__<path with / as _>`. */
function stem(r: AnnotatedRow): string {
  return `${r.stream.name}__${r.row.path.replace(/\.[^./\\]+$/, '').replace(/[/\\]/g, '_')}`;
}

/** `--format yolo`: the Ultralytics layout, images/{train,val}, labels/{train,val}/*.txt, data.yaml. */
export const yoloExporter = defineExporter({
  name: 'yolo',
  version: '0.2.0',
  description: 'Ultralytics YOLO dataset: images/ and labels/ per split (normalised cx cy w h, or polygons), data.yaml with names',
  options: YoloOptions,
  async export(source, ctx) {
    const o = ctx.options;
    const files: string[] = [];
    const extra: number[] = [];
    const extraNames = new Map<number, string>();
    const counts = { train: 0, val: 0, guard: 0 };
    const splitters = new Map<string, StreamSplitter>();
    for await (const r of annotatedRows(source.streams, { stage: o.stage, only: o.only })) {
      let splitter = splitters.get(r.stream.id);
      if (!splitter) splitters.set(r.stream.id, (splitter = new StreamSplitter(o)));
      const scene = (r.row.select as { scene?: unknown } | undefined)?.scene;
      if (o.split === 'scenes' && typeof scene !== 'number') throw new AnnotateError(AnnotateErrorCode.BadInput, `yolo --split scenes: frame ${r.row.frame_idx} of ${r.stream.name} has no select.scene: run the select stage, or split by blocks`);
      const split = splitter.splitOf(r.row.frame_idx, r.row.blake3, typeof scene === 'number' ? scene : null);
      if (split === null) {
        counts.guard++;
        continue;
      }
      for (const obj of r.record.objects) {
        if (contiguousOf(obj.category_id) < 0 && !extra.includes(obj.category_id)) {
          extra.push(obj.category_id);
          extraNames.set(obj.category_id, obj.category);
        }
      }
      counts[split]++;
      const name = stem(r);
      const ext = path.extname(r.row.path) || '.jpg';
      const lines = r.record.objects.map((obj) => labelLine(obj, classIndex(obj, extra), r.record.width, r.record.height, o.segments, o.polygonTolerance));
      const label = `labels/${split}/${name}.txt`;
      await fs.mkdir(path.join(ctx.outDir, 'labels', split), { recursive: true });
      await fs.writeFile(path.join(ctx.outDir, label), lines.length > 0 ? lines.join('\n') + '\n' : '');
      await placeImage(path.join(r.stream.dir, r.row.path), path.join(ctx.outDir, 'images', split, name + ext), o.images);
      files.push(label, `images/${split}/${name}${ext}`);
    }
    const names = [...COCO80_NAMES, ...extra.map((id) => extraNames.get(id) as string)];
    const yaml = [
      `# Ultralytics dataset written by Winnow (job ${source.jobId}): ${counts.train} train, ${counts.val} val frames (split by ${o.split}; ${counts.guard} frames at split boundaries left out)`,
      `path: ${JSON.stringify(path.resolve(ctx.outDir))}`,
      'train: images/train',
      'val: images/val',
      `nc: ${names.length}`,
      'names:',
      ...names.map((n, i) => `  ${i}: ${JSON.stringify(n)}`),
      '',
    ].join('\n');
    await fs.writeFile(path.join(ctx.outDir, 'data.yaml'), yaml);
    files.push('data.yaml');
    return { files };
  },
});
