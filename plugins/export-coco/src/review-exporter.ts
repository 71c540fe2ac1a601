import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { annotatedRows, type AnnotatedRow } from '@winnow/annotate';
import { Type, defineExporter } from '@winnow/sdk';
import { buildCoco, imageName } from './coco-document';
import { labelConfig, labelStudioTask } from './label-studio';

export const ReviewOptions = Type.Object(
  {
    stage: Type.String({ default: '', description: 'Stage whose annotation records to export. Empty: the last annotation stage.' }),
    all: Type.Boolean({ default: false, description: 'Every annotated frame, not only those flagged for review (still most uncertain first).' }),
    imagePrefix: Type.String({ default: '/data/local-files/?d=', description: "Prefix of each task's image URL before <stream>/<frame> (Label Studio local storage by default)." }),
    polygonTolerance: Type.Number({ default: 1, minimum: 0, description: 'Douglas-Peucker tolerance in pixels of the mask polygons.' }),
  },
  { additionalProperties: false },
);

/**
 * `--format review`: the human-review queue. Label Studio tasks (tasks.json, predictions as pre-annotations,
 * most uncertain first) with the labelling config they refer to, and the same frames in the same order as
 * COCO (instances.json) for CVAT.
 */
export const reviewExporter = defineExporter({
  name: 'review',
  version: '0.1.0',
  description: 'Review queue: Label Studio tasks with pre-annotations, most uncertain first, plus COCO for CVAT',
  options: ReviewOptions,
  async export(source, ctx) {
    const rows: AnnotatedRow[] = [];
    for await (const r of annotatedRows(source.streams, { stage: ctx.options.stage })) if (ctx.options.all || r.record.review) rows.push(r);
    rows.sort((a, b) => b.record.uncertainty - a.record.uncertainty || a.stream.name.localeCompare(b.stream.name) || a.row.frame_idx - b.row.frame_idx);
    const tasks = rows.map((r, i) => labelStudioTask(i + 1, r, `${ctx.options.imagePrefix}${imageName(r)}`, ctx.options.polygonTolerance));
    const used = rows.flatMap((r) => r.record.objects.map((o) => o.category));
    await fs.writeFile(path.join(ctx.outDir, 'tasks.json'), JSON.stringify(tasks, null, 1) + '\n');
    await fs.writeFile(path.join(ctx.outDir, 'label-config.xml'), labelConfig(used));
    const coco = buildCoco(rows, { segmentation: 'polygon', polygonTolerance: ctx.options.polygonTolerance }, `Winnow review queue of job ${source.jobId}`);
    await fs.writeFile(path.join(ctx.outDir, 'instances.json'), JSON.stringify(coco) + '\n');
    ctx.logger.info(`review: ${tasks.length} frames to review`);
    return { files: ['tasks.json', 'label-config.xml', 'instances.json'] };
  },
});
