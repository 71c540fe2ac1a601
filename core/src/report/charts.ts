import type { StreamData } from './collect';
import { escapeHtml } from './html';
import type { ReportLayout } from './report-layout';
import { timelineSvg } from './timeline-svg';

/** Every declared chart of one stream, in pipeline order, as inline SVG. */
export function chartsOf(d: StreamData, layout: ReportLayout, maxPoints: number): string {
  const out: string[] = [];
  const bitOf = new Map(layout.findings.map((f, i) => [f.key, i]));
  layout.charts.forEach(({ stage, chart, settings }, ci) => {
    const series = chart.series.map((s, j) => ({ values: d.series[ci][j], cls: `s${(ci * 3 + j) % 10}`, style: s.style ?? 'band', label: s.label }));
    const all = series.flatMap((s) => s.values.filter((v) => Number.isFinite(v)));
    if (!all.length) return;
    const log = chart.scale === 'log';
    const lo = chart.min ?? all.reduce((a, b) => Math.min(a, b), Infinity);
    let hi = chart.max ?? quantile(all, 0.995);
    const threshold = chart.threshold && settings[chart.threshold.config];
    if (chart.max === undefined && typeof threshold === 'number') hi = Math.max(hi, threshold * 1.5);
    if (log) hi = 10 ** Math.ceil(Math.log10(Math.max(10, hi)));
    if (!(hi > lo)) hi = lo + 1;
    const markers = (chart.markers ?? [])
      .filter((m) => bitOf.has(m.finding) && (bitOf.get(m.finding) as number) < 31)
      .map((m) => {
        const j = chart.series.findIndex((s) => s.field === m.at && s.times === undefined);
        const bit = bitOf.get(m.finding) as number;
        return { kind: m.finding, cls: `f${bit % 10}`, label: layout.findings[bit].label.toLowerCase(), bit: 1 << bit, at: j >= 0 ? d.series[ci][j] : [], low: m.low === true };
      });
    const ivs = layout.intervals.map((iv, i) => ({ iv, i })).filter(({ iv }) => iv.stage === stage);
    const thresholds = typeof threshold === 'number' ? [{ value: threshold, label: `${chart.threshold?.label} ${threshold}` }] : [];
    const legend = [
      ...chart.series.map((s, j) => `<span class="key ${s.style === 'dashed' ? 'dash ' : ''}${series[j].cls}"></span>${escapeHtml(s.label)}`),
      ...thresholds.map((t) => `<span class="key dash threshold"></span>${escapeHtml(t.label)}`),
      ...markers.map((m) => `<span class="key dot ${m.cls}"></span>${escapeHtml(m.label)}`),
      ...ivs.map(({ iv }) => `<span class="key box"></span>${escapeHtml(iv.label.toLowerCase())}`),
    ].join(' ');
    const svg = timelineSvg({
      title: `${chart.title} of ${d.name}`,
      idx: d.idx,
      flags: d.bits,
      series,
      markers,
      yMin: lo,
      yMax: hi,
      transform: log ? (v) => Math.log10(1 + Math.max(0, v)) : undefined,
      yTicks: ticks(lo, hi, log),
      thresholds,
      intervals: ivs.flatMap(({ i }) => d.intervals[i]),
      intervalLabel: ivs[0]?.iv.label,
      maxPoints,
      data: { stream: d.n, stage },
    });
    const note = chart.note ? ` <small>${escapeHtml(chart.note)}</small>` : '';
    out.push(`<div class="chart" data-stage="${escapeHtml(stage)}"><div class="chart-head"><h4>${escapeHtml(chart.title)}${note}</h4><div class="legend">${legend}</div></div>${svg}</div>`);
  });
  if (!out.length) return '<p class="empty">No stage of this job declares a timeline.</p>';
  const bucketNote = d.idx.length > maxPoints ? `<span class="note">${d.idx.length.toLocaleString('en-US')} frames in ${maxPoints} points: line = mean, band = min–max, dot = bucket with flagged frames</span>` : '';
  return `${bucketNote}<p class="note">Click a timeline to open the frame there.</p>${out.join('')}`;
}

function quantile(values: readonly number[], q: number): number {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.floor(q * v.length))];
}

function ticks(lo: number, hi: number, log: boolean): number[] {
  if (log) return [1, 10, 100, 1000, 10000, 100000].filter((v) => v <= hi);
  const raw = (hi - lo) / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}
