/** Test-only: an in-memory ExportSource carrying annotation records, as core's export source would. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ExportRow, ExportSource, ExportStream } from '@winnow/sdk';
import { encodeRle } from '../rle';
import { ANNOTATION_SCHEMA, type AnnotationObject, type AnnotationRecord } from '../schema';

const model = { name: 'fake-det', kind: 'd-fine-native', version: 'abc', sha256: 'f'.repeat(64) };

export function object(box: [number, number, number, number], categoryId: number, category: string, score: number, mask?: { width: number; height: number }): AnnotationObject {
  let rle;
  if (mask) {
    const m = new Uint8Array(mask.width * mask.height);
    for (let y = Math.floor(box[1]); y < Math.ceil(box[3]); y++) for (let x = Math.floor(box[0]); x < Math.ceil(box[2]); x++) m[y * mask.width + x] = 1;
    rle = encodeRle(m, mask.width, mask.height);
  }
  return { box, category_id: categoryId, category, score, model, ...(rle ? { mask: rle, mask_score: 0.9, confirmed: true } : {}) };
}

export function record(width: number, height: number, objects: AnnotationObject[], extra: Partial<AnnotationRecord> = {}): AnnotationRecord {
  return { schema: ANNOTATION_SCHEMA, width, height, selected: true, objects, models: ['fake-det'], uncertainty: 0, review: false, reasons: [], ...extra };
}

/** Writes placeholder frame files into `dir/<stream>/` and returns a source whose rows carry `records` under `stage`. */
export async function exportSourceOf(dir: string, streams: Record<string, (AnnotationRecord | null)[]>, stage = 'sam2'): Promise<ExportSource> {
  const out: ExportStream[] = [];
  for (const [name, records] of Object.entries(streams)) {
    const sdir = path.join(dir, name);
    await fs.mkdir(sdir, { recursive: true });
    const rows: ExportRow[] = [];
    for (const [i, rec] of records.entries()) {
      const p = `image_${i}.jpg`;
      await fs.writeFile(path.join(sdir, p), `frame ${name} ${i}`);
      rows.push({ stream: name, frame_idx: i, path: p, blake3: `${name}-${i}`.padEnd(64, '0'), width: rec?.width ?? 10, height: rec?.height ?? 10, error: null, ...(rec ? { [stage]: rec } : {}) });
    }
    out.push({ id: name, name, dir: sdir, stages: [stage], tables: {}, rows: async function* () { yield* rows; } });
  }
  return { jobId: 'job-1', streams: out, stages: [{ name: stage, version: '0.1.0', partition: 'batch' }], tables: {}, records: {} } as ExportSource;
}
