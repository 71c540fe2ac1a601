import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { COCO80_NAMES, annotatedRows, contiguousOf, placeImage, type AnnotatedRow } from '@winnow/annotate';
import { Type, defineExporter } from '@winnow/sdk';
import { classIndex, labelLine } from './yolo-labels';

export const YoloOptions = Type.Object(
  {
    stage: Type.String({ default: '', description: 'Stage whose annotation records to export. Empty: the last annotation stage.' }),
    val: Type.Number({ default: 0.2, minimum: 0, maximum: 1, description: "Fraction of frames in the val split, chosen by each frame's content hash (stable across exports)." }),
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

function splitOf(blake3: string, val: number): 'train' | 'val' {
  const h = createHash('sha256').update(blake3).digest();
  return h.readUInt32BE(0) / 2 ** 32 < val ? 'val' : 'train';
}

/** `--format yolo`: the Ultralytics layout, images/{train,val}, labels/{train,val}/*.txt, data.yaml. */
export const yoloExporter = defineExporter({
  name: 'yolo',
  version: '0.1.0',
  description: 'Ultralytics YOLO dataset: images/ and labels/ per split (normalised cx cy w h, or polygons), data.yaml with names',
  options: YoloOptions,
  async export(source, ctx) {
    const o = ctx.options;
    const files: string[] = [];
    const extra: number[] = [];
    const extraNames = new Map<number, string>();
    const counts = { train: 0, val: 0 };
    for await (const r of annotatedRows(source.streams, { stage: o.stage })) {
      for (const obj of r.record.objects) {
        if (contiguousOf(obj.category_id) < 0 && !extra.includes(obj.category_id)) {
          extra.push(obj.category_id);
          extraNames.set(obj.category_id, obj.category);
        }
      }
      const split = splitOf(r.row.blake3, o.val);
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
      `# Ultralytics dataset written by Winnow (job ${source.jobId}): ${counts.train} train, ${counts.val} val frames`,
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
