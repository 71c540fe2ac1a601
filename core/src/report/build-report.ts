import * as path from 'node:path';
import type { ExportSource } from '@winnow/sdk';
import { chartsOf } from './charts';
import type { ReportCounts } from './collect';
import { collectJob, declaredScoreKeys } from './collect-job';
import type { ReportDeclaration } from './declared';
import { escapeHtml } from './html';
import { anchor, cardItems, cards, gallerySection, groupSection, intervalTable, streamTable, unreadableReasons, unreadableTable } from './page-sections';
import { PAGE_SCRIPT } from './page-script';
import { REPORT_CSS } from './report-css';
import { DETAIL_CHUNK, json, ReportAssets } from './report-assets';
import { frameFile, makeThumbnails, pruneThumbnails, type ThumbRequest } from './thumbnails';

export interface ReportOptions {
  /** Only these streams (by name or id); default all. */
  readonly streams?: readonly string[];
  readonly title?: string;
  /** Timeline resolution: at most this many points along x (default 800); longer streams are bucketed. */
  readonly maxPoints?: number;
  /** Groups shown per definition per stream, largest first (default 12); each opens in full in the gallery. */
  readonly maxClusters?: number;
  /** Frames shown per group before "open all" (default 7). */
  readonly maxClusterFrames?: number;
  /** Thumbnail width in pixels (default 240). */
  readonly thumbWidth?: number;
  readonly concurrency?: number;
  /** Shown in the header (default: now). */
  readonly generatedAt?: Date;
  readonly signal?: AbortSignal;
}

export interface StreamReportSummary {
  readonly id: string;
  readonly name: string;
  readonly counts: ReportCounts;
  readonly unreadableByCode: Readonly<Record<string, number>>;
}

export interface ReportResult {
  readonly html: string;
  readonly jobId: string;
  readonly streams: readonly StreamReportSummary[];
  /** Totals over the reported streams. */
  readonly counts: ReportCounts;
  readonly unreadableByCode: Readonly<Record<string, number>>;
  /** The folder beside the HTML file, and how many files it holds. */
  readonly assets: string;
  readonly assetFiles: number;
  readonly thumbnailsMade: number;
}

/**
 * Renders the review page of a job to `htmlFile` 's content (returned) and its folder of scripts and thumbnails
 * (written beside it), from the same source the exporters read and what the stages declare (`declarations`):
 * no stage is known here by name. One pass over each stream's rows; memory stays a few numbers a frame.
 */
export async function buildReport(source: ExportSource, declarations: readonly ReportDeclaration[], htmlFile: string, options: ReportOptions = {}): Promise<ReportResult> {
  const maxPoints = options.maxPoints ?? 800;
  const maxClusters = options.maxClusters ?? 12;
  const maxFrames = Math.max(2, options.maxClusterFrames ?? 7);
  const assets = new ReportAssets(path.resolve(htmlFile));
  await assets.prepare();
  const scoreKeys = declaredScoreKeys(declarations);
  const job = await collectJob(source, declarations, { streams: options.streams, maxGroupMembers: maxFrames, signal: options.signal }, (n, row) => assets.detailRow(n, row), async (d) => {
    await assets.flushDetail(d.n);
    await assets.index(d, scoreKeys);
  });
  const { layout, data, shared, counts, unreadableByCode: byCode } = job;
  const thumbs: ThumbRequest[] = [];
  const seen = new Set<string>();
  for (const d of data) {
    d.thumbs.forEach((t, pos) => {
      if (t && !seen.has(t)) seen.add(t), thumbs.push({ name: t, file: frameFile(d.dir, d.paths[pos]) });
    });
  }
  const made = await makeThumbnails(thumbs, assets.thumbDir, options.thumbWidth ?? 240, options.concurrency ?? 4, options.signal);
  await pruneThumbnails(assets.thumbDir, seen);

  const items = cardItems(layout);
  const title = options.title ?? `Winnow report · job ${source.jobId}`;
  const generated = (options.generatedAt ?? new Date()).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  const body: string[] = [];
  body.push(`<header><h1>${escapeHtml(title)}</h1><p class="meta">job <code>${escapeHtml(source.jobId)}</code> · ${data.length} stream(s) · generated ${generated} · stages ${source.stages.map((s) => `<code>${escapeHtml(s.name)}@${escapeHtml(s.version)}</code>`).join(' ')}</p>`);
  body.push(`<nav><a href="#summary">Summary</a><a href="#gallery">Gallery</a>${data.map((d) => `<a href="#${anchor(d)}">${escapeHtml(d.name)}</a>`).join('')}</nav></header>`);
  const across = layout.groups.map((g, i) => (g.across ? groupSection(i, g.label, shared.groups[i], data, assets.href, maxClusters, maxFrames) : '')).join('');
  body.push(`<section class="summary" id="summary"><h2>Summary</h2>${cards(items, counts, 'total')}${data.length > 1 ? streamTable(items, data) : ''}${unreadableReasons(byCode)}${across}</section>`);
  body.push(gallerySection());
  for (const d of data) {
    const first = d.idx[0];
    const last = d.idx[d.idx.length - 1];
    const groups = layout.groups.map((g, i) => (g.across ? '' : groupSection(i, g.label, shared.groups[i], data, assets.href, maxClusters, maxFrames, d.n))).join('');
    const intervals = layout.intervals.map((iv, i) => intervalTable(d, i, iv.label)).join('');
    body.push(
      `<section class="stream" id="${anchor(d)}" data-stream="${escapeHtml(d.name)}" data-s="${d.n}"><h2>${escapeHtml(d.name)}</h2><p class="meta"><code>${escapeHtml(d.dir)}</code>${d.idx.length ? ` · frames ${first}–${last}` : ''}</p>${cards(items, d.counts, d.name)}${unreadableReasons(d.unreadableByCode)}<h3>Timelines</h3>${chartsOf(d, layout, maxPoints)}${groups}${intervals}${unreadableTable(d)}</section>`,
    );
  }
  if (data.length === 0) body.push('<p class="empty">No stream matched.</p>');
  body.push(`<footer>Made by <code>winnow report</code>. Works offline: thumbnails and frame details are in <code>${escapeHtml(assets.href)}/</code> beside this file; enlarged frames are the original files.</footer>`);

  const htmlDir = path.dirname(path.resolve(htmlFile));
  const meta = {
    assets: assets.href,
    chunk: DETAIL_CHUNK,
    findings: layout.findings.map((f, i) => ({ key: f.key, label: f.label, bit: i < 31 ? i : -1, score: f.score ? scoreKeys.indexOf(f.key) : -1 })),
    facets: layout.facets.map((f, i) => ({ label: f.label, values: [...shared.facetValues[i].keys()] })),
    keep: layout.keep !== null,
    groups: layout.groups.map((g) => ({ key: g.key, label: g.label })),
    objects: layout.objects.map((o) => ({ stage: o.stage, ...o.spec })),
    streams: data.map((d) => ({ name: d.name, frames: d.idx.length, href: hrefOf(htmlDir, d.dir) })),
  };
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src file: data:; script-src 'unsafe-inline' file:; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${body.join('\n')}
</main>
<script>const WINNOW=${json(meta)};</script>
<script>${PAGE_SCRIPT}</script>
${data.map((d) => `<script src="${assets.href}/index/${d.n}.js"></script>`).join('\n')}
<script>winnowReady();</script>
</body>
</html>
`;
  return {
    html,
    jobId: source.jobId,
    streams: data.map((d) => ({ id: d.id, name: d.name, counts: d.counts, unreadableByCode: d.unreadableByCode })),
    counts,
    unreadableByCode: byCode,
    assets: assets.dir,
    assetFiles: assets.files,
    thumbnailsMade: made,
  };
}

/** A stream folder as the page links to it (relative to the HTML file, each segment URL-encoded). */
function hrefOf(from: string, dir: string): string {
  return path.relative(from, dir).split(path.sep).map(encodeURIComponent).join('/') || '.';
}
