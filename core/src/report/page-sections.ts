import type { GroupIndex, ReportCounts, StreamData } from './collect';
import { escapeHtml, fmtInt, fmtNum } from './html';
import type { ReportLayout } from './report-layout';

export interface CardItem {
  readonly key: string;
  readonly label: string;
  /** Share of the frames shown (per-frame counts only). */
  readonly share: boolean;
  /** Colour class (a finding's `f<i>`), or ''. */
  readonly cls: string;
}

/** The cards of a report: frames, each finding, kept, then the groups', intervals' and facets' counts. */
export function cardItems(layout: ReportLayout): CardItem[] {
  return [
    { key: 'frames', label: 'Frames', share: false, cls: '' },
    ...layout.findings.map((f, i) => ({ key: f.key, label: f.label, share: true, cls: `f${i % 10}` })),
    ...(layout.keep ? [{ key: 'kept', label: 'Kept', share: true, cls: 'kept' }] : []),
    ...layout.groups.map((g) => ({ key: g.key, label: g.label, share: false, cls: '' })),
    ...layout.intervals.map((iv) => ({ key: iv.key, label: iv.label, share: false, cls: '' })),
    ...layout.facets.filter((f) => f.count).map((f) => ({ key: f.count as string, label: `${f.label}s`, share: false, cls: '' })),
  ];
}

export function cards(items: readonly CardItem[], c: ReportCounts, scope: string): string {
  const pct = (n: number) => (c.frames > 0 && n > 0 ? `<span class="pct">${((100 * n) / c.frames).toFixed(n * 1000 < c.frames ? 2 : 1)}%</span>` : '');
  return `<div class="cards" data-scope="${escapeHtml(scope)}">${items
    .map((it) => {
      const n = c[it.key] ?? 0;
      return `<div class="card ${it.cls}${n > 0 ? ' nonzero' : ''}" data-key="${escapeHtml(it.key)}" data-count="${n}"><div class="n">${fmtInt(n)}</div><div class="l">${escapeHtml(it.label)}${it.share ? pct(n) : ''}</div></div>`;
    })
    .join('')}</div>`;
}

export function streamTable(items: readonly CardItem[], data: readonly StreamData[]): string {
  const head = items.map((it) => `<th>${escapeHtml(it.label)}</th>`).join('');
  const rows = data.map((d) => `<tr><th><a href="#${anchor(d)}">${escapeHtml(d.name)}</a></th>${items.map((it) => `<td>${fmtInt(d.counts[it.key] ?? 0)}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll"><table class="streams"><thead><tr><th>Stream</th>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function unreadableReasons(byCode: Readonly<Record<string, number>>): string {
  const entries = Object.entries(byCode).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return '';
  return `<p class="reasons">Unreadable by reason: ${entries.map(([code, n]) => `<span class="chip" data-code="${escapeHtml(code)}">${escapeHtml(code)} <b>${fmtInt(n)}</b></span>`).join(' ')}</p>`;
}

export function anchor(d: StreamData): string {
  return `stream-${d.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** A thumbnail the page can enlarge: its stream number and position. */
export function tile(d: StreamData, pos: number, href: string, caption: string): string {
  const name = d.thumbs[pos];
  const img = name ? `<img loading="lazy" src="${href}/t/${name}.jpg" alt="frame ${d.idx[pos]}">` : '<div class="noimg">unreadable</div>';
  return `<figure class="thumb" tabindex="0" data-s="${d.n}" data-pos="${pos}" data-frame="${d.idx[pos]}" title="${escapeHtml(d.paths[pos])}">${img}<figcaption><b>#${d.idx[pos]}</b> ${escapeHtml(caption)}</figcaption></figure>`;
}

/**
 * The largest groups of one definition (those a stream shows, or across streams), a few frames each, and a
 * button that opens all of a group's frames in the gallery.
 */
export function groupSection(def: number, label: string, index: GroupIndex, data: readonly StreamData[], href: string, maxGroups: number, maxFrames: number, only?: number): string {
  const ids = index.shown().filter((g) => only === undefined || index.groups[g].streams.has(only));
  const out = [`<h3>${escapeHtml(label)} <span class="count">${fmtInt(ids.length)}</span></h3>`];
  if (!ids.length) out.push('<p class="empty">None.</p>');
  for (const g of ids.slice(0, maxGroups)) {
    const grp = index.groups[g];
    const tiles = grp.members.slice(0, maxFrames).map(([s, pos], k) => tile(data.find((d) => d.n === s) as StreamData, pos, href, k === 0 ? 'first' : index.across ? (data.find((d) => d.n === s) as StreamData).name : ''));
    const where = index.across ? `<small>frames in ${grp.streams.size} streams</small>` : '<small>frames</small>';
    out.push(`<div class="cluster" data-def="${def}" data-group="${g}" data-size="${grp.size}"><div class="csize">${fmtInt(grp.size)}${where}</div><div class="row">${tiles.join('')}<button class="open-group" data-def="${def}" data-group="${g}">open all ${fmtInt(grp.size)}</button></div></div>`);
  }
  if (ids.length > maxGroups) out.push(`<p class="more-line">+${fmtInt(ids.length - maxGroups)} more (smaller ones): filter the gallery by group from a frame's details, or see the export.</p>`);
  return out.join('');
}

export function intervalTable(d: StreamData, i: number, label: string): string {
  const ivs = d.intervals[i];
  const out = [`<h3>${escapeHtml(label)} <span class="count">${fmtInt(ivs.length)}</span></h3>`];
  if (!ivs.length) return `${out[0]}<p class="empty">None.</p>`;
  const rows = ivs.map(([s, e, score]) => `<tr class="interval-row"><td>${s}</td><td>${e}</td><td>${fmtInt(e - s + 1)}</td><td>${fmtNum(score)}</td><td><button class="open-interval" data-s="${d.n}" data-start="${s}" data-end="${e}">open</button></td></tr>`);
  out.push(`<div class="scroll short"><table class="data"><thead><tr><th>start</th><th>end</th><th>frames</th><th>score</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`);
  return out.join('');
}

export function unreadableTable(d: StreamData): string {
  if (!d.counts.unreadable) return '';
  const rows = d.unreadable.map((u) => `<tr class="unreadable-row"><td>${u.frame}</td><td><code>${escapeHtml(u.path)}</code></td><td><span class="chip">${escapeHtml(u.code)}</span></td><td>${escapeHtml(u.message)}</td></tr>`);
  const more = d.counts.unreadable > d.unreadable.length ? `<p class="more-line">+${fmtInt(d.counts.unreadable - d.unreadable.length)} more, in the export's <code>error</code> field.</p>` : '';
  return `<h3>Unreadable frames <span class="count">${fmtInt(d.counts.unreadable)}</span></h3><div class="scroll short"><table class="data"><thead><tr><th>frame</th><th>file</th><th>reason</th><th>message</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}`;
}

/** The gallery's controls; the page script fills the selects' options from the report's metadata. */
export function gallerySection(): string {
  const select = (name: string, label: string) => `<label>${label} <select data-filter="${name}"></select></label>`;
  return `<section id="gallery"><h2>Gallery <span class="count" id="shown">0</span></h2>
<div class="controls">${select('finding', 'Finding')}${select('stream', 'Stream')}<span id="facet-filters"></span>${select('keep', 'Kept')}${select('sort', 'Sort')}<span id="scope"></span></div>
<p class="note">Click a frame (or Enter) to enlarge it; ← → move, Esc closes.</p>
<div id="grid" class="tiles"></div><button id="more" hidden>show more</button></section>
<div id="viewer" hidden><div class="vbox"><div class="vimg"><img id="vimg" alt=""><svg id="vobj"></svg></div><div class="vside"><button id="vclose" title="close (Esc)">×</button><div id="vhead"></div><div id="vvals"></div></div></div></div>`;
}
