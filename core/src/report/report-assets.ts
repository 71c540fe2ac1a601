import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ExportRow } from '@winnow/sdk';
import type { StreamData } from './collect';

/** Rows per detail file: what the page loads when a frame is enlarged. */
export const DETAIL_CHUNK = 500;
/** Longer strings (embeddings, fingerprints) are cut in the detail files; the export has them whole. */
const MAX_STRING = 160;
/** Thumbnail names are 16 hex digits of the frame's BLAKE3; an unreadable frame has this instead. */
const NO_THUMB = '-'.repeat(16);

/**
 * The folder beside the HTML file (`<name>_files/`): per stream an index script (what the gallery filters and
 * sorts) and detail scripts (every stage's values, a chunk of frames each), and thumbnails by content. Scripts,
 * not JSON: a page opened from disk may load a script from disk but may not fetch a file.
 */
export class ReportAssets {
  readonly dir: string;
  /** The folder as the page refers to it (relative to the HTML file, URL-encoded). */
  readonly href: string;
  readonly #pending = new Map<number, unknown[]>();
  readonly #chunks = new Map<number, number>();
  #files = 0;

  constructor(htmlFile: string) {
    const base = path.basename(htmlFile, path.extname(htmlFile));
    this.dir = path.join(path.dirname(htmlFile), `${base}_files`);
    this.href = `${encodeURIComponent(base)}_files`;
  }

  get thumbDir(): string {
    return path.join(this.dir, 't');
  }

  get files(): number {
    return this.#files;
  }

  /** Clears the index and detail scripts of an earlier report (thumbnails are kept: they are named by content; the report prunes those no frame uses). */
  async prepare(): Promise<void> {
    await fs.rm(path.join(this.dir, 'index'), { recursive: true, force: true });
    await fs.rm(path.join(this.dir, 'detail'), { recursive: true, force: true });
    for (const sub of ['index', 'detail', 't']) await fs.mkdir(path.join(this.dir, sub), { recursive: true });
  }

  async detailRow(stream: number, row: ExportRow): Promise<void> {
    const rows = this.#pending.get(stream) ?? [];
    this.#pending.set(stream, rows);
    rows.push(compact(row));
    if (rows.length === DETAIL_CHUNK) await this.flushDetail(stream);
  }

  /** Writes the stream's last partial chunk; chunk k holds positions [k * DETAIL_CHUNK, (k + 1) * DETAIL_CHUNK). */
  async flushDetail(stream: number): Promise<void> {
    const rows = this.#pending.get(stream);
    if (!rows?.length) return;
    const written = (this.#chunks.get(stream) ?? 0) + 1;
    this.#chunks.set(stream, written);
    await this.#write(`detail/${stream}-${written - 1}.js`, `winnowDetail(${stream},${written - 1},${json(rows)});\n`);
    this.#pending.set(stream, []);
  }

  async index(d: StreamData, scoreKeys: readonly string[]): Promise<void> {
    const data = {
      idx: d.idx,
      th: d.thumbs.map((t) => t || NO_THUMB).join(''),
      bits: d.bits,
      keep: d.keep,
      facets: d.facets,
      groups: d.groups,
      scores: scoreKeys.map((k) => (d.scores.get(k) ?? []).map((v) => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null))),
    };
    await this.#write(`index/${d.n}.js`, `winnowIndex(${d.n},${json(data)});\n`);
  }

  async #write(rel: string, text: string): Promise<void> {
    await fs.writeFile(path.join(this.dir, rel), text);
    this.#files++;
  }
}

function compact(row: ExportRow): unknown {
  return JSON.parse(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'string' && v.length > MAX_STRING ? `${v.slice(0, 24)}… (${v.length} characters)` : v)));
}

/** JSON that is safe inside a script (no `</script>`, no line separators that end a JS string). */
export function json(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
