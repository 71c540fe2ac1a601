import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { OnlyOption, annotatedRows, placeImage, type AnnotatedRow } from '@winnow/annotate';
import { Type, defineExporter } from '@winnow/sdk';
import { buildCoco, imageName } from './coco-document';

export const CocoOptions = Type.Object(
  {
    stage: Type.String({ default: '', description: 'Stage whose annotation records to export. Empty: the last annotation stage of the pipeline.' }),
    segmentation: Type.Union([Type.Literal('polygon'), Type.Literal('rle')], { default: 'polygon', description: 'How masks are written: polygons (outer boundaries) or COCO RLE.' }),
    polygonTolerance: Type.Number({ default: 0, minimum: 0, description: 'Douglas-Peucker tolerance in pixels for polygons; 0 keeps every corner.' }),
    images: Type.Union([Type.Literal('link'), Type.Literal('copy'), Type.Literal('none')], { default: 'link', description: 'Put frames under images/ as symlinks, copies, or not at all.' }),
    only: OnlyOption,
  },
  { additionalProperties: false },
);

/** `--format coco`: instances.json (COCO detection/segmentation) plus images/<stream>/<frame> beside it. */
export const cocoExporter = defineExporter({
  name: 'coco',
  version: '0.2.0',
  description: 'COCO instances JSON (bbox xywh, area, iscrowd, segmentation as polygons or RLE, COCO category ids) with images/',
  options: CocoOptions,
  async export(source, ctx) {
    const rows: AnnotatedRow[] = [];
    for await (const r of annotatedRows(source.streams, { stage: ctx.options.stage, only: ctx.options.only })) rows.push(r);
    const doc = buildCoco(rows, ctx.options, `Winnow job ${source.jobId}`);
    const files = ['instances.json'];
    await fs.writeFile(path.join(ctx.outDir, 'instances.json'), JSON.stringify(doc) + '\n');
    for (const r of rows) {
      await placeImage(path.join(r.stream.dir, r.row.path), path.join(ctx.outDir, 'images', imageName(r)), ctx.options.images);
      if (ctx.options.images !== 'none') files.push(`images/${imageName(r)}`);
    }
    ctx.logger.info(`coco: ${doc.images.length} images, ${doc.annotations.length} annotations`);
    return { files };
  },
});
