import type { ExportRow, ExportStream } from '@winnow/sdk';
import { AnnotateError, AnnotateErrorCode } from './errors';
import { isAnnotationRecord, type AnnotationRecord } from './schema';

export interface AnnotatedRow {
  readonly stream: ExportStream;
  readonly row: ExportRow;
  readonly record: AnnotationRecord;
}

/**
 * The stage whose records an exporter uses: `preferred` when given, else the last stage in pipeline order
 * that wrote the annotation schema (the segmenter refines the detector, so it comes last). Found by looking
 * at the first rows, since the schema is data, not a stage property.
 */
export async function annotationStageOf(stream: ExportStream, preferred: string): Promise<string | null> {
  if (preferred) {
    if (!stream.stages.includes(preferred)) {
      throw new AnnotateError(AnnotateErrorCode.BadInput, `stream ${stream.name}: stage ${preferred} has no exported records (exported: ${stream.stages.join(', ') || 'none'})`);
    }
    return preferred;
  }
  const seen = new Set<string>();
  for await (const row of stream.rows()) {
    for (const s of stream.stages) if (isAnnotationRecord(row[s])) seen.add(s);
    if (seen.size > 0 && row.error === null) break;
  }
  const ordered = stream.stages.filter((s) => seen.has(s));
  return ordered[ordered.length - 1] ?? null;
}

/** Which annotated frames an export takes: every annotated one, or only those the `select` stage keeps. */
export type OnlyFrames = 'annotated' | 'selected';

/**
 * Every frame of every stream with an annotation record (annotated frames only, unless `unselected`; with
 * `only: 'selected'`, only those the `select` stage keeps too).
 */
export async function* annotatedRows(streams: readonly ExportStream[], options: { stage: string; unselected?: boolean; only?: OnlyFrames }): AsyncGenerator<AnnotatedRow> {
  for (const stream of streams) {
    if (options.only === 'selected' && !stream.stages.includes('select')) throw new AnnotateError(AnnotateErrorCode.BadInput, `stream ${stream.name}: --only selected needs the select stage's records, and this job did not run it`);
    const stage = await annotationStageOf(stream, options.stage);
    if (!stage) continue;
    for await (const row of stream.rows()) {
      const record = row[stage];
      if (!isAnnotationRecord(record)) continue;
      if (!record.selected && !options.unselected) continue;
      if (options.only === 'selected' && (row.select as { keep?: unknown } | undefined)?.keep !== true) continue;
      yield { stream, row, record };
    }
  }
}
