import { createWriteStream } from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { Type, defineExporter, type ExportRow } from '@winnow/sdk';
import { SelectError } from './select-error';
import type { Selection } from './select-stage';

export const KeepListOptions = Type.Object(
  {
    table: Type.Union([Type.Literal('csv'), Type.Literal('jsonl')], { default: 'csv', description: 'Format of the table of every frame with its keep, reason and scene: selection.csv or selection.jsonl.' }),
    paths: Type.Union([Type.Literal('absolute'), Type.Literal('relative')], { default: 'absolute', description: 'Paths in kept.txt and the table: absolute, or relative to the stream folder (the table names the stream).' }),
  },
  { additionalProperties: false },
);

const COLUMNS = ['stream', 'frame_idx', 'path', 'keep', 'reason', 'scene', 'represented_by'] as const;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes a line and waits when the stream's buffer is full. */
async function write(out: NodeJS.WritableStream, line: string): Promise<void> {
  if (!out.write(line)) await once(out, 'drain');
}

async function close(out: NodeJS.WritableStream & { close?: unknown }): Promise<void> {
  out.end();
  await once(out, 'finish');
}

/**
 * `--format keep-list`: `kept.txt`, the paths of the frames `select` keeps (one a line, streams in job order, frames
 * in frame order), and `selection.csv` (or `.jsonl`): every catalogued frame with its keep, reason and scene.
 */
export const keepListExporter = defineExporter({
  name: 'keep-list',
  version: '1.0.0',
  description: "The frames the select stage keeps: kept.txt (paths, one a line) and selection.csv|jsonl (every frame's keep, reason, scene)",
  options: KeepListOptions,
  async export(source, ctx) {
    const o = ctx.options;
    if (!source.streams.every((s) => s.stages.includes('select'))) throw new SelectError('SELECT_NOT_RUN', `job ${source.jobId} did not run the select stage: run it (it is in the default pipeline, or --stages select) before exporting a keep-list`);
    const table = `selection.${o.table}`;
    const kept = createWriteStream(path.join(ctx.outDir, 'kept.txt'));
    const rows = createWriteStream(path.join(ctx.outDir, table));
    if (o.table === 'csv') await write(rows, `${COLUMNS.join(',')}\n`);
    let n = 0;
    for (const stream of source.streams) {
      for await (const row of stream.rows() as AsyncIterable<ExportRow>) {
        if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('aborted');
        const sel = row.select as Selection | undefined;
        const file = o.paths === 'absolute' ? path.join(stream.dir, row.path) : row.path;
        if (sel?.keep) {
          n++;
          await write(kept, `${file}\n`);
        }
        const rec = { stream: stream.name, frame_idx: row.frame_idx, path: file, keep: sel?.keep ?? false, reason: sel?.reason ?? 'unreadable', scene: sel?.scene ?? null, represented_by: sel?.represented_by ?? null };
        await write(rows, o.table === 'csv' ? `${COLUMNS.map((c) => csvCell(rec[c])).join(',')}\n` : `${JSON.stringify(rec)}\n`);
      }
    }
    await Promise.all([close(kept), close(rows)]);
    ctx.logger.info(`keep-list: ${n} kept frames`);
    return { files: ['kept.txt', table] };
  },
});
