import type { ExportSource } from '@winnow/sdk';
import { addCounts, collectStream, emptyCounts, Flag, type CrossCluster, type ReportCounts, type StreamData } from './collect';
import { escapeHtml, fmtInt, fmtNum } from './html';
import { REPORT_CSS } from './report-css';
import { makeThumbnails, frameFile, type ThumbRequest } from './thumbnails';
import { timelineSvg } from './timeline-svg';

export interface ReportThresholds {
  /** `blur.threshold`: blurry below this fraction of the neighbours' sharpness (drawn on the sharpness chart). */
  readonly blur: number;
  /** `darkness.threshold`: dark below this fraction of the reference level. */
  readonly darkness: number;
  /** `idle.motionZ`: still at or below this smoothed motion. */
  readonly motionZ: number;
}

export const DEFAULT_REPORT_THRESHOLDS: ReportThresholds = { blur: 0.45, darkness: 0.49, motionZ: 3.4 };

export interface ReportOptions {
  /** Only these streams (by name or id); default all. */
  readonly streams?: readonly string[];
  readonly title?: string;
  /** Timeline resolution: at most this many points along x (default 800); longer streams are bucketed. */
  readonly maxPoints?: number;
  /** Thumbnails per flag kind per stream (default 24); the rest is counted as "+N more". */
  readonly maxThumbnails?: number;
  /** Duplicate clusters shown per stream, largest first (default 12). */
  readonly maxClusters?: number;
  /** Frames shown per cluster, the representative included (default 7). */
  readonly maxClusterFrames?: number;
  /** Rows of the idle-interval and unreadable tables per stream (default 100). */
  readonly maxTableRows?: number;
  /** Thumbnail width in pixels (default 160). */
  readonly thumbWidth?: number;
  readonly concurrency?: number;
  /** Threshold lines drawn on the charts (the stages' defaults unless the job overrode them). */
  readonly thresholds?: Partial<ReportThresholds>;
  /** Shown in the header (default: now). */
  readonly generatedAt?: Date;
  readonly signal?: AbortSignal;
}

export interface StreamReportSummary {
  readonly id: string;
  readonly name: string;
  readonly counts: ReportCounts;
  /** Thumbnails embedded for this stream. */
  readonly thumbnails: number;
}

export interface ReportResult {
  readonly html: string;
  readonly jobId: string;
  readonly streams: readonly StreamReportSummary[];
  /** Totals over the reported streams. */
  readonly counts: ReportCounts;
}

interface Resolved {
  readonly maxPoints: number;
  readonly maxThumbnails: number;
  readonly maxClusters: number;
  readonly maxClusterFrames: number;
  readonly maxTableRows: number;
  readonly thresholds: ReportThresholds;
}

/** Tile of one frame on the page. */
interface Tile {
  readonly key: string;
  readonly kind: string;
  readonly frame: number;
  readonly path: string;
  readonly caption: string;
  /** Tooltip text (the file path is always in it). */
  readonly detail?: string;
}

/**
 * Renders a self-contained HTML report of a job (inline CSS and SVG, thumbnails as data URLs; no script, no network)
 * from the same source the exporters read. One pass over each stream's rows; memory stays a few numbers a frame.
 */
export async function buildReport(source: ExportSource, options: ReportOptions = {}): Promise<ReportResult> {
  const o: Resolved = {
    maxPoints: options.maxPoints ?? 800,
    maxThumbnails: options.maxThumbnails ?? 24,
    maxClusters: options.maxClusters ?? 12,
    maxClusterFrames: Math.max(2, options.maxClusterFrames ?? 7),
    maxTableRows: options.maxTableRows ?? 100,
    thresholds: { ...DEFAULT_REPORT_THRESHOLDS, ...options.thresholds },
  };
  const wanted = options.streams?.length ? new Set(options.streams) : null;
  const streams = source.streams.filter((s) => !wanted || wanted.has(s.name) || wanted.has(s.id));
  const data: StreamData[] = [];
  const cross = crossClusters(source, o.maxClusters);
  for (const s of streams) data.push(await collectStream(s, o.maxClusterFrames - 1, cross.shown, options.signal));
  const crossTiles = [...cross.shown.values()].map((c) => {
    const ts: { d: StreamData; tile: Tile }[] = [];
    for (const d of data) {
      const pos = c.first.get(d.id);
      if (pos !== undefined && ts.length < o.maxClusterFrames) ts.push({ d, tile: tileOf(d, pos, ts.length ? 'dup-near' : 'dup-rep', d.name) });
    }
    return { c, tiles: ts };
  });

  const tiles = new Map<StreamData, { flagged: { kind: string; label: string; total: number; tiles: Tile[] }[]; clusters: { size: number; tiles: Tile[] }[] }>();
  const requests: ThumbRequest[] = [];
  for (const d of data) {
    const t = { flagged: flaggedTiles(d, o), clusters: clusterTiles(d, o) };
    tiles.set(d, t);
    const all = [...t.flagged.flatMap((g) => g.tiles), ...t.clusters.flatMap((c) => c.tiles)];
    const seen = new Set<string>();
    for (const tile of all) {
      if (seen.has(tile.key)) continue;
      seen.add(tile.key);
      requests.push({ key: tile.key, file: frameFile(d.dir, tile.path) });
    }
  }
  for (const { tiles: ts } of crossTiles) for (const { d, tile } of ts) if (!requests.some((r) => r.key === tile.key)) requests.push({ key: tile.key, file: frameFile(d.dir, tile.path) });
  const thumbs = await makeThumbnails(requests, options.thumbWidth ?? 160, options.concurrency ?? 4, options.signal);

  const counts = emptyCounts();
  for (const d of data) addCounts(counts, d.counts);
  const summaries: StreamReportSummary[] = data.map((d) => ({
    id: d.id,
    name: d.name,
    counts: d.counts,
    thumbnails: requests.filter((r) => r.key.startsWith(`${d.id}/`) && thumbs.has(r.key)).length,
  }));

  const title = options.title ?? `Winnow report · job ${source.jobId}`;
  const generated = (options.generatedAt ?? new Date()).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  const body: string[] = [];
  body.push(`<header><h1>${escapeHtml(title)}</h1><p class="meta">job <code>${escapeHtml(source.jobId)}</code> · ${data.length} stream(s) · generated ${generated} · stages ${source.stages.map((s) => `<code>${escapeHtml(s.name)}@${escapeHtml(s.version)}</code>`).join(' ')}</p>`);
  if (data.length > 1) body.push(`<nav>${data.map((d) => `<a href="#${anchor(d)}">${escapeHtml(d.name)}</a>`).join('')}</nav>`);
  body.push('</header>');
  body.push(`<section class="summary" id="summary"><h2>Summary</h2>${cards(counts, 'total')}${data.length > 1 ? streamTable(data) : ''}${unreadableReasons(counts)}${crossSection(cross.total, crossTiles, thumbs)}</section>`);
  for (const d of data) body.push(streamSection(d, o, tiles.get(d) as NonNullable<ReturnType<typeof tiles.get>>, thumbs));
  if (data.length === 0) body.push('<p class="empty">No stream matched.</p>');
  body.push('<footer>Made by <code>winnow report</code>. Self-contained: no scripts, no network; thumbnails are embedded.</footer>');

  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${body.join('\n')}
</main>
</body>
</html>
`;
  return { html, jobId: source.jobId, streams: summaries, counts };
}

/** The largest clusters of the job table `dedup-across.clusters` (rows `[cluster, rep stream, rep idx, streams, frames]`). */
function crossClusters(source: ExportSource, max: number): { total: number; shown: Map<string, CrossCluster> } {
  const raw = (source.tables as ExportSource['tables'] | undefined)?.['dedup-across']?.clusters;
  if (!Array.isArray(raw)) return { total: 0, shown: new Map() };
  const declared = (source.records as ExportSource['records'] | undefined)?.['dedup-across']?.tables?.clusters?.properties;
  const cols = declared ? Object.keys(declared) : ['cluster', 'representative_stream', 'representative_idx', 'streams', 'frames'];
  const at = (name: string, fallback: number) => (cols.indexOf(name) >= 0 ? cols.indexOf(name) : fallback);
  const [ci, si, fi] = [at('cluster', 0), at('streams', 3), at('frames', 4)];
  const all: CrossCluster[] = [];
  for (const r of raw) {
    if (!Array.isArray(r)) continue;
    all.push({ cluster: String(r[ci]), streams: Number(r[si]) || 0, frames: Number(r[fi]) || 0, first: new Map() });
  }
  all.sort((a, b) => b.frames - a.frames || b.streams - a.streams);
  return { total: all.length, shown: new Map(all.slice(0, max).map((c) => [c.cluster, c])) };
}

function crossSection(total: number, clusters: readonly { c: CrossCluster; tiles: readonly { tile: Tile }[] }[], thumbs: ReadonlyMap<string, string>): string {
  if (!total) return '';
  const out = [`<h3>Duplicates across streams <span class="count">${fmtInt(total)}</span></h3>`];
  for (const { c, tiles: ts } of clusters) {
    out.push(`<div class="cluster cross" data-cluster="${escapeHtml(c.cluster)}" data-size="${c.frames}"><div class="csize">${fmtInt(c.frames)}<small>frames in ${c.streams} streams</small></div><div class="row">${ts.map((t) => figure(t.tile, thumbs)).join('')}</div></div>`);
  }
  if (total > clusters.length) out.push(`<p class="more-line">+${fmtInt(total - clusters.length)} more clusters, in the export's job table <code>dedup-across.clusters</code>.</p>`);
  return out.join('');
}

function anchor(d: StreamData): string {
  return `stream-${d.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

const CARD_ITEMS: { key: keyof ReportCounts; label: string; cls: string }[] = [
  { key: 'frames', label: 'Frames', cls: '' },
  { key: 'unreadable', label: 'Unreadable', cls: 'unreadable' },
  { key: 'blurry', label: 'Blurry', cls: 'blurry' },
  { key: 'dark', label: 'Dark', cls: 'dark' },
  { key: 'overexposed', label: 'Overexposed', cls: 'overexposed' },
  { key: 'duplicates', label: 'Exact duplicates', cls: 'dup' },
  { key: 'nearDuplicates', label: 'Near-duplicates', cls: 'dup' },
  { key: 'duplicateClusters', label: 'Duplicate clusters', cls: 'dup' },
  { key: 'idleFrames', label: 'Idle frames', cls: 'idle' },
  { key: 'idleIntervals', label: 'Idle intervals', cls: 'idle' },
];

function cards(c: ReportCounts, scope: string): string {
  const pct = (n: number) => (c.frames > 0 && n > 0 ? `<span class="pct">${((100 * n) / c.frames).toFixed(n * 1000 < c.frames ? 2 : 1)}%</span>` : '');
  return `<div class="cards" data-scope="${escapeHtml(scope)}">${CARD_ITEMS.map((it) => {
    const n = c[it.key] as number;
    const share = it.key === 'frames' || it.key === 'duplicateClusters' || it.key === 'idleIntervals' ? '' : pct(n);
    return `<div class="card ${it.cls}${n > 0 ? ' nonzero' : ''}" data-key="${it.key}" data-count="${n}"><div class="n">${fmtInt(n)}</div><div class="l">${it.label}${share}</div></div>`;
  }).join('')}</div>`;
}

function unreadableReasons(c: ReportCounts): string {
  const entries = Object.entries(c.unreadableByCode).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return '';
  return `<p class="reasons">Unreadable by reason: ${entries.map(([code, n]) => `<span class="chip unreadable" data-code="${escapeHtml(code)}">${escapeHtml(code)} <b>${fmtInt(n)}</b></span>`).join(' ')}</p>`;
}

function streamTable(data: readonly StreamData[]): string {
  const head = CARD_ITEMS.map((it) => `<th>${it.label}</th>`).join('');
  const rows = data.map((d) => `<tr><th><a href="#${anchor(d)}">${escapeHtml(d.name)}</a></th>${CARD_ITEMS.map((it) => `<td>${fmtInt(d.counts[it.key] as number)}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll"><table class="streams"><thead><tr><th>Stream</th>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** Up to `k` positions spread evenly over the flagged ones (so a long stream shows its whole length). */
function spread(positions: readonly number[], k: number): number[] {
  if (positions.length <= k) return [...positions];
  return Array.from({ length: k }, (_, i) => positions[Math.floor((i * positions.length) / k)]);
}

function tileOf(d: StreamData, pos: number, kind: string, caption: string, detail?: string): Tile {
  return { key: `${d.id}/${pos}`, kind, frame: d.idx[pos], path: d.paths[pos], caption, detail };
}

function flaggedTiles(d: StreamData, o: Resolved): { kind: string; label: string; total: number; tiles: Tile[] }[] {
  const kinds = [
    { kind: 'blurry', label: 'Blurry', bit: Flag.Blurry, on: d.has.blur, caption: (p: number) => `sharpness ×${fmtNum(d.blurRatio[p])}` },
    { kind: 'dark', label: 'Dark', bit: Flag.Dark, on: d.has.darkness, caption: (p: number) => `level ${fmtNum(d.level[p], 0)} (×${fmtNum(d.darkRatio[p])})` },
    { kind: 'overexposed', label: 'Overexposed', bit: Flag.Overexposed, on: d.has.darkness, caption: (p: number) => `level ${fmtNum(d.level[p], 0)}` },
  ];
  return kinds
    .filter((k) => k.on)
    .map((k) => {
      const positions: number[] = [];
      for (let i = 0; i < d.flags.length; i++) if (d.flags[i] & k.bit) positions.push(i);
      return { kind: k.kind, label: k.label, total: positions.length, tiles: spread(positions, o.maxThumbnails).map((p) => tileOf(d, p, k.kind, k.caption(p))) };
    });
}

function clusterTiles(d: StreamData, o: Resolved): { size: number; tiles: Tile[] }[] {
  const sorted = [...d.clusters].sort((a, b) => b.size - a.size || Number(a.group) - Number(b.group));
  return sorted.slice(0, o.maxClusters).map((c) => {
    const tiles: Tile[] = [];
    if (c.repPos >= 0) tiles.push(tileOf(d, c.repPos, 'dup-rep', 'first', `representative of duplicate group ${c.group}`));
    for (const m of c.members) {
      if (tiles.length >= o.maxClusterFrames) break;
      const cap = m.exactOf !== null ? `= #${m.exactOf} (bytes)` : `≈ #${m.nearOf}${m.distance !== null ? ` · d ${m.distance}` : ''}`;
      const detail = m.exactOf !== null ? `same bytes as frame ${m.exactOf}` : `near-duplicate of frame ${m.nearOf}: pHash distance ${m.distance ?? 'n/a'}, confidence ${m.confidence === null ? 'n/a' : fmtNum(m.confidence)}`;
      tiles.push(tileOf(d, m.pos, m.exactOf !== null ? 'dup-exact' : 'dup-near', cap, detail));
    }
    return { size: c.size, tiles };
  });
}

function figure(t: Tile, thumbs: ReadonlyMap<string, string>): string {
  const src = thumbs.get(t.key);
  const img = src ? `<img src="${src}" alt="frame ${t.frame}">` : `<div class="noimg">no preview</div>`;
  return `<figure class="thumb ${t.kind}" data-kind="${t.kind}" data-frame="${t.frame}" title="${escapeHtml(t.detail ? `${t.path}: ${t.detail}` : t.path)}">${img}<figcaption><b>#${t.frame}</b> ${escapeHtml(t.caption)}</figcaption></figure>`;
}

function more(n: number): string {
  return n > 0 ? `<div class="more" data-more="${n}">+${fmtInt(n)} more</div>` : '';
}

function streamSection(
  d: StreamData,
  o: Resolved,
  t: { flagged: { kind: string; label: string; total: number; tiles: Tile[] }[]; clusters: { size: number; tiles: Tile[] }[] },
  thumbs: ReadonlyMap<string, string>,
): string {
  const out: string[] = [];
  const first = d.idx[0];
  const last = d.idx[d.idx.length - 1];
  out.push(`<section class="stream" id="${anchor(d)}" data-stream="${escapeHtml(d.name)}">`);
  out.push(`<h2>${escapeHtml(d.name)}</h2><p class="meta"><code>${escapeHtml(d.dir)}</code>${d.idx.length ? ` · frames ${first}–${last}` : ''}</p>`);
  out.push(cards(d.counts, d.name));
  out.push(unreadableReasons(d.counts));
  out.push('<h3>Timelines</h3>');
  out.push(charts(d, o));

  out.push('<h3>Flagged frames</h3>');
  if (!t.flagged.length) out.push('<p class="empty">No blur or darkness stage in this job.</p>');
  for (const g of t.flagged) {
    out.push(`<div class="flag-group" data-kind="${g.kind}" data-total="${g.total}"><h4><span class="dot ${g.kind}"></span>${g.label} <span class="count">${fmtInt(g.total)}</span></h4>`);
    out.push(g.total ? `<div class="tiles">${g.tiles.map((x) => figure(x, thumbs)).join('')}${more(g.total - g.tiles.length)}</div>` : '<p class="empty">none</p>');
    out.push('</div>');
  }

  if (d.has.dedup) {
    out.push(`<h3>Duplicate clusters <span class="count">${fmtInt(d.clusters.length)}</span></h3>`);
    if (!t.clusters.length) out.push('<p class="empty">No duplicates.</p>');
    for (const c of t.clusters) {
      out.push(`<div class="cluster" data-size="${c.size}"><div class="csize">${fmtInt(c.size)}<small>frames</small></div><div class="row">${c.tiles.map((x) => figure(x, thumbs)).join('')}${more(c.size - c.tiles.length)}</div></div>`);
    }
    if (d.clusters.length > t.clusters.length) out.push(`<p class="more-line">+${fmtInt(d.clusters.length - t.clusters.length)} more clusters (smaller ones), in the export's <code>dedup.group</code>.</p>`);
  }

  if (d.has.idle) {
    out.push(`<h3>Idle intervals <span class="count">${fmtInt(d.intervals.length)}</span></h3>`);
    if (!d.intervals.length) out.push('<p class="empty">No idle intervals.</p>');
    else {
      const rows = d.intervals.slice(0, o.maxTableRows).map(([s, e, score]) => `<tr class="interval-row"><td>${s}</td><td>${e}</td><td>${fmtInt(e - s + 1)}</td><td>${fmtNum(score)}</td></tr>`);
      out.push(`<table class="data"><thead><tr><th>start</th><th>end</th><th>frames</th><th>idle score</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
      if (d.intervals.length > o.maxTableRows) out.push(`<p class="more-line">+${fmtInt(d.intervals.length - o.maxTableRows)} more intervals, in the export's idle table.</p>`);
    }
  }

  if (d.counts.unreadable) {
    out.push(`<h3>Unreadable frames <span class="count">${fmtInt(d.counts.unreadable)}</span></h3>`);
    const rows = d.unreadable.slice(0, o.maxTableRows).map((u) => `<tr class="unreadable-row"><td>${u.frame}</td><td><code>${escapeHtml(u.path)}</code></td><td><span class="chip unreadable">${escapeHtml(u.code)}</span></td><td>${escapeHtml(u.message)}</td></tr>`);
    out.push(`<table class="data"><thead><tr><th>frame</th><th>file</th><th>reason</th><th>message</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
    const shown = Math.min(d.unreadable.length, o.maxTableRows);
    if (d.counts.unreadable > shown) out.push(`<p class="more-line">+${fmtInt(d.counts.unreadable - shown)} more, in the export's <code>error</code> field.</p>`);
  }
  out.push('</section>');
  return out.join('\n');
}

function charts(d: StreamData, o: Resolved): string {
  const out: string[] = [];
  const th = o.thresholds;
  const bucketNote = d.idx.length > o.maxPoints ? `<span class="note">${fmtInt(d.idx.length)} frames in ${fmtInt(o.maxPoints)} points: line = mean, band = min–max, dot = bucket with flagged frames</span>` : '';
  const chart = (cls: string, title: string, legend: string, svg: string) =>
    `<div class="chart ${cls}"><div class="chart-head"><h4>${title}</h4><div class="legend">${legend}</div></div>${svg}</div>`;
  const key = (cls: string, label: string, shape = 'line') => `<span class="key ${shape} ${cls}"></span>${label}`;
  if (d.has.blur) {
    const max = Math.max(1.5, Math.min(3, percentile(d.sharpness, 0.995)));
    out.push(
      chart(
        'sharpness',
        'Sharpness <small>relative to neighbouring frames</small>',
        `${key('s-sharp', 'sharpness ÷ neighbours’ median')} ${key('threshold', `blur threshold ${th.blur}`, 'dash')} ${key('blurry', 'blurry', 'dot')}`,
        timelineSvg({
          title: `sharpness of ${d.name}`,
          idx: d.idx,
          flags: d.flags,
          series: [{ values: d.sharpness, cls: 's-sharp', style: 'band', label: 'sharpness relative to neighbours' }],
          markers: [{ kind: 'blurry', label: 'blurry', bit: Flag.Blurry, at: d.sharpness, low: true }],
          yMin: 0,
          yMax: max,
          yTicks: [0, 0.5, 1, 1.5, 2, 2.5, 3].filter((v) => v <= max),
          thresholds: [{ value: th.blur, label: `blur threshold ${th.blur}` }],
          maxPoints: o.maxPoints,
        }),
      ),
    );
  }
  if (d.has.darkness) {
    const darkLine = d.reference.map((r) => r * th.darkness);
    out.push(
      chart(
        'brightness',
        'Brightness <small>median luma, 0–255</small>',
        `${key('s-level', 'level')} ${key('s-ref', 'stream reference', 'dash')} ${key('s-darkline', `dark below ×${th.darkness}`, 'dash')} ${key('dark', 'dark', 'dot')} ${key('overexposed', 'overexposed', 'dot')}`,
        timelineSvg({
          title: `brightness of ${d.name}`,
          idx: d.idx,
          flags: d.flags,
          series: [
            { values: d.reference, cls: 's-ref', style: 'dashed', label: 'reference level' },
            { values: darkLine, cls: 's-darkline', style: 'dashed', label: 'dark threshold' },
            { values: d.level, cls: 's-level', style: 'band', label: 'level (median luma)' },
          ],
          markers: [
            { kind: 'dark', label: 'dark', bit: Flag.Dark, at: d.level, low: true },
            { kind: 'overexposed', label: 'overexposed', bit: Flag.Overexposed, at: d.level, low: false },
          ],
          yMin: 0,
          yMax: 255,
          yTicks: [0, 64, 128, 192, 255],
          maxPoints: o.maxPoints,
        }),
      ),
    );
  }
  if (d.has.idle) {
    let max = 10;
    for (const v of d.motion) if (Number.isFinite(v) && v > max) max = v;
    const top = 10 ** Math.ceil(Math.log10(max));
    out.push(
      chart(
        'motion',
        'Motion <small>change from the previous frame, in noise scales (log)</small>',
        `${key('s-motion', 'motion (smoothed)')} ${key('threshold', `still at or below ${th.motionZ}`, 'dash')} ${key('idle', 'idle interval', 'box')}`,
        timelineSvg({
          title: `motion of ${d.name}`,
          idx: d.idx,
          flags: d.flags,
          series: [{ values: d.motion, cls: 's-motion', style: 'band', label: 'motion (smoothed)' }],
          markers: [],
          yMin: 0,
          yMax: top,
          transform: (v) => Math.log10(1 + Math.max(0, v)),
          yTicks: [1, 10, 100, 1000, 10000, 100000].filter((v) => v <= top),
          thresholds: [{ value: th.motionZ, label: `idle motion threshold ${th.motionZ}` }],
          intervals: d.intervals,
          maxPoints: o.maxPoints,
        }),
      ),
    );
  }
  if (!out.length) return '<p class="empty">No blur, darkness or idle stage in this job.</p>';
  return `${bucketNote}${out.join('')}`;
}

function percentile(values: readonly number[], q: number): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return v.length ? v[Math.min(v.length - 1, Math.floor(q * v.length))] : 0;
}
