import { escapeHtml } from './html';

/** Chart geometry in SVG user units; the SVG scales to the page width (the page script maps clicks back with it). */
export const W = 1000;
const H = 150;
export const LEFT = 52;
export const RIGHT = 12;
const TOP = 12;
const BOTTOM = 24;

export interface Series {
  readonly values: readonly number[];
  readonly cls: string;
  /** `line` draws the bucket means; `band` also draws the min-max envelope when buckets hold several frames. */
  readonly style: 'line' | 'band' | 'dashed';
  readonly label: string;
}

export interface Markers {
  /** Class and `data-kind` of the marks (a finding's key). */
  readonly kind: string;
  readonly cls: string;
  readonly label: string;
  /** Flag bit of the frames to mark. */
  readonly bit: number;
  /** Value the marker sits on (per frame); NaN puts it at the top. */
  readonly at: readonly number[];
  /** Pick the lowest (true) or highest value of a bucket's flagged frames. */
  readonly low: boolean;
}

export interface TimelineSpec {
  readonly title: string;
  readonly idx: readonly number[];
  readonly flags: readonly number[];
  readonly series: readonly Series[];
  readonly markers: readonly Markers[];
  readonly yMin: number;
  readonly yMax: number;
  /** Maps a value to the plotted scale (e.g. log); ticks are given in values. */
  readonly transform?: (v: number) => number;
  readonly yTicks: readonly number[];
  readonly thresholds?: readonly { value: number; label: string }[];
  readonly intervals?: readonly (readonly [number, number, number])[];
  /** What an interval is, for its tooltip (e.g. `Idle intervals`). */
  readonly intervalLabel?: string;
  /** Attributes of the svg element (the page finds the stream and frame range of a click from them). */
  readonly data?: Readonly<Record<string, string | number>>;
  /** At most this many buckets along x (each bucket is a range of consecutive rows). */
  readonly maxPoints: number;
}

interface Bucket {
  readonly from: number;
  readonly to: number; // exclusive row positions
  readonly x: number;
}

/** A timeline of one or more per-frame series, downsampled to at most `maxPoints` buckets, as inline SVG. */
export function timelineSvg(spec: TimelineSpec): string {
  const n = spec.idx.length;
  if (n === 0) return '';
  const t = spec.transform ?? ((v: number) => v);
  const first = spec.idx[0];
  const last = spec.idx[n - 1];
  const span = Math.max(1, last - first);
  const xOf = (frame: number) => LEFT + ((frame - first) / span) * (W - LEFT - RIGHT);
  const y0 = t(spec.yMin);
  const y1 = t(spec.yMax);
  const yOf = (v: number) => {
    const tv = Math.min(y1, Math.max(y0, t(v)));
    return TOP + (1 - (tv - y0) / (y1 - y0 || 1)) * (H - TOP - BOTTOM);
  };
  const buckets = bucketsOf(spec.idx, spec.maxPoints, xOf);
  const parts: string[] = [];
  const data = Object.entries({ ...spec.data, first, last })
    .map(([k, v]) => ` data-${k}="${escapeHtml(String(v))}"`)
    .join('');
  parts.push(`<svg class="timeline" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(spec.title)}"${data}>`);
  // grid and axes
  for (const v of spec.yTicks) {
    const y = yOf(v).toFixed(1);
    parts.push(`<line class="grid" x1="${LEFT}" x2="${W - RIGHT}" y1="${y}" y2="${y}"/><text class="tick" x="${LEFT - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${fmtTick(v)}</text>`);
  }
  for (const f of xTicks(first, last)) {
    const x = xOf(f).toFixed(1);
    parts.push(`<line class="grid" x1="${x}" x2="${x}" y1="${TOP}" y2="${H - BOTTOM}"/><text class="tick" x="${x}" y="${H - 8}" text-anchor="middle">${f}</text>`);
  }
  // intervals under the data
  for (const [s, e, score] of spec.intervals ?? []) {
    const xa = xOf(Math.max(first, s));
    const xb = Math.max(xa + 2, xOf(Math.min(last, e)));
    const label = `${spec.intervalLabel ?? 'interval'}: frames ${s}–${e} (${e - s + 1} frames, score ${Number.isFinite(score) ? score.toFixed(2) : 'n/a'})`;
    parts.push(`<rect class="interval" data-start="${s}" data-end="${e}" x="${xa.toFixed(1)}" y="${TOP}" width="${(xb - xa).toFixed(1)}" height="${H - TOP - BOTTOM}"><title>${escapeHtml(label)}</title></rect>`);
  }
  for (const th of spec.thresholds ?? []) {
    const y = yOf(th.value).toFixed(1);
    parts.push(`<line class="threshold" x1="${LEFT}" x2="${W - RIGHT}" y1="${y}" y2="${y}"><title>${escapeHtml(th.label)}</title></line>`);
  }
  for (const s of spec.series) parts.push(seriesPath(s, buckets, yOf));
  for (const m of spec.markers) parts.push(markerMarks(m, spec, buckets, yOf));
  parts.push(`<line class="axis" x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${H - BOTTOM}"/><line class="axis" x1="${LEFT}" x2="${W - RIGHT}" y1="${H - BOTTOM}" y2="${H - BOTTOM}"/>`);
  parts.push('</svg>');
  return parts.join('');
}

function bucketsOf(idx: readonly number[], maxPoints: number, xOf: (f: number) => number): Bucket[] {
  const n = idx.length;
  const count = Math.max(1, Math.min(n, Math.floor(maxPoints)));
  const out: Bucket[] = [];
  for (let b = 0; b < count; b++) {
    const from = Math.floor((b * n) / count);
    const to = Math.floor(((b + 1) * n) / count);
    if (to <= from) continue;
    out.push({ from, to, x: xOf((idx[from] + idx[to - 1]) / 2) });
  }
  return out;
}

function seriesPath(s: Series, buckets: readonly Bucket[], yOf: (v: number) => number): string {
  const mean: string[] = [];
  const upper: string[] = [];
  const lower: string[] = [];
  const bands: string[] = [];
  let pen = false;
  const flushBand = () => {
    if (upper.length > 1) bands.push(`M${upper.join('L')}L${lower.reverse().join('L')}Z`);
    upper.length = 0;
    lower.length = 0;
  };
  let wide = false;
  for (const b of buckets) {
    let sum = 0;
    let k = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = b.from; i < b.to; i++) {
      const v = s.values[i];
      if (Number.isNaN(v)) continue;
      sum += v;
      k++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (k === 0) {
      pen = false; // a gap in the data breaks the line
      flushBand();
      continue;
    }
    const x = b.x.toFixed(1);
    mean.push(`${pen ? 'L' : 'M'}${x},${yOf(sum / k).toFixed(1)}`);
    pen = true;
    if (b.to - b.from > 1) wide = true;
    upper.push(`${x},${yOf(hi).toFixed(1)}`);
    lower.push(`${x},${yOf(lo).toFixed(1)}`);
  }
  flushBand();
  const band = s.style === 'band' && wide && bands.length ? `<path class="band ${s.cls}" d="${bands.join('')}"/>` : '';
  const dash = s.style === 'dashed' ? ' dashed' : '';
  return `${band}<path class="line ${s.cls}${dash}" d="${mean.join('')}"><title>${escapeHtml(s.label)}</title></path>`;
}

function markerMarks(m: Markers, spec: TimelineSpec, buckets: readonly Bucket[], yOf: (v: number) => number): string {
  const out: string[] = [];
  for (const b of buckets) {
    let k = 0;
    let firstFrame = -1;
    let lastFrame = -1;
    let v = Number.NaN;
    for (let i = b.from; i < b.to; i++) {
      if ((spec.flags[i] & m.bit) === 0) continue;
      k++;
      if (firstFrame < 0) firstFrame = spec.idx[i];
      lastFrame = spec.idx[i];
      const a = m.at[i];
      if (!Number.isNaN(a) && (Number.isNaN(v) || (m.low ? a < v : a > v))) v = a;
    }
    if (k === 0) continue;
    const y = Number.isNaN(v) ? TOP + 4 : yOf(v);
    const title = k === 1 ? `frame ${firstFrame}: ${m.label}` : `${k} ${m.label} frames in ${firstFrame}–${lastFrame}`;
    out.push(`<circle class="flag-marker ${m.cls}" data-kind="${m.kind}" data-count="${k}" cx="${b.x.toFixed(1)}" cy="${y.toFixed(1)}" r="${k > 1 ? 5 : 4}"><title>${escapeHtml(title)}</title></circle>`);
  }
  return out.join('');
}

/** About six round frame numbers across [first, last]. */
export function xTicks(first: number, last: number): number[] {
  const span = last - first;
  if (span <= 0) return [first];
  const raw = span / 6;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let f = Math.ceil(first / step) * step; f <= last; f += step) out.push(f);
  return out;
}

function fmtTick(v: number): string {
  if (v === 0) return '0';
  if (Math.abs(v) >= 1000) return `${Math.round(v / 100) / 10}k`;
  if (Math.abs(v) >= 10) return String(Math.round(v));
  return String(Math.round(v * 100) / 100);
}
