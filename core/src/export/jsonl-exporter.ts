import { createWriteStream } from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { Type, defineExporter } from '@winnow/sdk';
import { writeFileAtomic } from '../fs/atomic-write';

/**
 * The export contract (see core/README.md): `<stream>.frames.jsonl`, one object per catalogued frame in frame
 * order, `<stream>.<stage>.json` for each stage's stream-level tables (e.g. `{intervals: [...]}`), and
 * `job.<stage>.json` for job-level tables (e.g. duplicate clusters across streams).
 */
export const jsonlExporter = defineExporter({
  name: 'jsonl',
  version: '1.0.0',
  description: 'Per-frame JSON Lines (all stages side by side) and per-stage stream tables as JSON',
  options: Type.Object({}, { additionalProperties: false }),
  async export(source, ctx) {
    const files: string[] = [];
    const rows: Record<string, number> = {};
    for (const stream of source.streams) {
      const name = `${stream.name}.frames.jsonl`;
      // Exclusive: a name that exists (or a symlink planted there) fails instead of being written through.
      const out = createWriteStream(path.join(ctx.outDir, name), { flags: 'wx' });
      rows[name] = 0;
      for await (const row of stream.rows()) {
        rows[name]++;
        if (!out.write(JSON.stringify(row) + '\n')) await once(out, 'drain');
      }
      out.end();
      await once(out, 'close');
      files.push(name);
      for (const [stage, tables] of Object.entries(stream.tables)) {
        const t = `${stream.name}.${stage}.json`;
        await writeFileAtomic(path.join(ctx.outDir, t), JSON.stringify(tables) + '\n');
        files.push(t);
      }
    }
    for (const [stage, tables] of Object.entries(source.tables)) {
      const t = `job.${stage}.json`;
      await writeFileAtomic(path.join(ctx.outDir, t), JSON.stringify(tables) + '\n');
      files.push(t);
    }
    return { files, rows };
  },
});
