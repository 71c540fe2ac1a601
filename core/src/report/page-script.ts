import { LEFT, RIGHT, W } from './timeline-svg';

/**
 * The review page's script (inlined; nothing is fetched). `WINNOW` is the report's metadata; each stream's index
 * script calls `winnowIndex`, each detail script `winnowDetail`. The gallery filters and sorts the frames of every
 * index, shows them a page at a time with lazily loaded thumbnails, and enlarges one with its file's path, every
 * stage's values and the declared objects drawn on it.
 */
export const PAGE_SCRIPT = String.raw`
'use strict';
const M = WINNOW, IDX = [], DETAIL = {}, PAGE = 120;
const state = { finding: '', stream: '', keep: '', sort: 'frame', facets: M.facets.map(function () { return ''; }), scope: null, list: [], shown: 0, at: -1 };
function winnowIndex(n, data) { IDX[n] = data; }
function winnowDetail(n, chunk, rows) { DETAIL[n + '-' + chunk] = rows; const w = waiting[n + '-' + chunk]; if (w) { delete waiting[n + '-' + chunk]; w.forEach(function (f) { f(); }); } }
const waiting = {};
function $(id) { return document.getElementById(id); }
function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
function thumbOf(s, pos) { const n = IDX[s].th.substr(pos * 16, 16); return n.charAt(0) === '-' ? '' : M.assets + '/t/' + n + '.jpg'; }
function option(sel, value, label) { const o = el('option', '', label); o.value = value; sel.appendChild(o); }
function winnowReady() {
  const q = function (name) { return document.querySelector('select[data-filter="' + name + '"]'); };
  const f = q('finding');
  option(f, '', 'any');
  M.findings.forEach(function (x) { if (x.bit >= 0) option(f, x.key, x.label); });
  option(f, '!', 'no finding');
  const s = q('stream');
  option(s, '', 'all');
  M.streams.forEach(function (x, i) { option(s, String(i), x.name); });
  const k = q('keep');
  option(k, '', 'all');
  if (M.keep) { option(k, '1', 'kept'); option(k, '0', 'dropped'); } else k.parentNode.hidden = true;
  const so = q('sort');
  option(so, 'frame', 'stream, frame');
  M.findings.forEach(function (x) { if (x.score >= 0) { option(so, 'a' + x.score, x.label + ' score ↑'); option(so, 'd' + x.score, x.label + ' score ↓'); } });
  const ff = $('facet-filters');
  M.facets.forEach(function (x, i) {
    const l = el('label', '', x.label + ' ');
    const sel = el('select');
    sel.dataset.facet = String(i);
    option(sel, '', 'all');
    x.values.forEach(function (v, j) { option(sel, String(j), v); });
    l.appendChild(sel);
    ff.appendChild(l);
  });
  document.querySelectorAll('#gallery select').forEach(function (sel) {
    sel.addEventListener('change', function () {
      if (sel.dataset.facet !== undefined) state.facets[Number(sel.dataset.facet)] = sel.value;
      else state[sel.dataset.filter] = sel.value;
      apply();
    });
  });
  $('more').addEventListener('click', function () { render(false); });
  document.addEventListener('click', onClick);
  document.addEventListener('keydown', onKey);
  $('vimg').addEventListener('error', function () { const t = thumbOf(state.list[state.at][0], state.list[state.at][1]); if (t && !$('vimg').src.endsWith(t)) $('vimg').src = t; });
  apply();
}
function matches(s, pos) {
  const x = IDX[s];
  if (state.stream !== '' && Number(state.stream) !== s) return false;
  if (state.finding === '!') { if (x.bits[pos] !== 0) return false; }
  else if (state.finding !== '') { const f = M.findings.find(function (y) { return y.key === state.finding; }); if (!(x.bits[pos] & (1 << f.bit))) return false; }
  if (state.keep !== '' && String(x.keep[pos]) !== state.keep) return false;
  for (let i = 0; i < state.facets.length; i++) if (state.facets[i] !== '' && String(x.facets[i][pos]) !== state.facets[i]) return false;
  const sc = state.scope;
  if (sc && sc.kind === 'group' && x.groups[sc.def][pos] !== sc.group) return false;
  if (sc && sc.kind === 'interval' && (s !== sc.s || x.idx[pos] < sc.start || x.idx[pos] > sc.end)) return false;
  return true;
}
function apply() {
  const list = [];
  IDX.forEach(function (x, s) { for (let p = 0; p < x.idx.length; p++) if (matches(s, p)) list.push([s, p]); });
  if (state.sort !== 'frame') {
    const j = Number(state.sort.slice(1)), dir = state.sort.charAt(0) === 'a' ? 1 : -1;
    const v = function (e) { const y = IDX[e[0]].scores[j][e[1]]; return y === null ? NaN : y; };
    list.sort(function (a, b) { const va = v(a), vb = v(b); if (isNaN(va)) return isNaN(vb) ? 0 : 1; if (isNaN(vb)) return -1; return (va - vb) * dir || a[0] - b[0] || a[1] - b[1]; });
  }
  state.list = list;
  $('shown').textContent = list.length.toLocaleString('en-US');
  const sc = $('scope');
  sc.textContent = '';
  if (state.scope) {
    const b = el('button', 'chip', state.scope.label + ' ×');
    b.id = 'clear-scope';
    sc.appendChild(b);
  }
  render(true);
}
function badges(s, pos) {
  const out = [];
  M.findings.forEach(function (f) { if (f.bit >= 0 && IDX[s].bits[pos] & (1 << f.bit)) out.push(f.label.toLowerCase()); });
  return out.join(', ');
}
function tileOf(s, pos, i) {
  const x = IDX[s], fig = el('figure', 'thumb');
  fig.tabIndex = 0;
  fig.dataset.i = String(i);
  fig.dataset.s = String(s);
  fig.dataset.frame = String(x.idx[pos]);
  if (M.keep && x.keep[pos] === 0) fig.classList.add('dropped');
  fig.title = M.facets.map(function (f, i) { const v = x.facets[i][pos]; return v >= 0 ? f.label + ': ' + f.values[v] : ''; }).filter(Boolean).join(' · ');
  const t = thumbOf(s, pos);
  if (t) { const img = el('img'); img.loading = 'lazy'; img.alt = 'frame ' + x.idx[pos]; img.src = t; fig.appendChild(img); }
  else fig.appendChild(el('div', 'noimg', 'unreadable'));
  const cap = el('figcaption');
  cap.appendChild(el('b', '', '#' + x.idx[pos]));
  cap.appendChild(document.createTextNode(' ' + (M.streams.length > 1 ? M.streams[s].name + ' ' : '') + badges(s, pos)));
  fig.appendChild(cap);
  return fig;
}
function render(reset) {
  const grid = $('grid');
  if (reset) { grid.textContent = ''; state.shown = 0; }
  const end = Math.min(state.list.length, state.shown + PAGE);
  const frag = document.createDocumentFragment();
  for (let i = state.shown; i < end; i++) frag.appendChild(tileOf(state.list[i][0], state.list[i][1], i));
  grid.appendChild(frag);
  state.shown = end;
  $('more').hidden = end >= state.list.length;
  $('more').textContent = 'show more (' + (state.list.length - end).toLocaleString('en-US') + ' left)';
}
function setScope(scope) {
  state.scope = scope;
  apply();
  $('gallery').scrollIntoView();
}
function onClick(ev) {
  const t = ev.target;
  if (t.id === 'vclose' || t.id === 'viewer') return close();
  if (t.id === 'clear-scope') return setScope(null);
  const g = t.closest('button.open-group');
  if (g) return setScope({ kind: 'group', def: Number(g.dataset.def), group: Number(g.dataset.group), label: M.groups[Number(g.dataset.def)].label + ' ' + g.dataset.group });
  const iv = t.closest('button.open-interval');
  if (iv) return setScope({ kind: 'interval', s: Number(iv.dataset.s), start: Number(iv.dataset.start), end: Number(iv.dataset.end), label: M.streams[Number(iv.dataset.s)].name + ' frames ' + iv.dataset.start + '–' + iv.dataset.end });
  const svg = t.closest('svg.timeline');
  if (svg) return timelineClick(svg, ev);
  const fig = t.closest('figure.thumb');
  if (fig) return openFigure(fig);
}
function openFigure(fig) {
  if (fig.dataset.i !== undefined) return open(Number(fig.dataset.i));
  openFrame(Number(fig.dataset.s), Number(fig.dataset.pos));
}
function openFrame(s, pos) {
  let i = state.list.findIndex(function (e) { return e[0] === s && e[1] === pos; });
  if (i < 0) {
    state.finding = ''; state.keep = ''; state.scope = null; state.stream = String(s); state.facets = state.facets.map(function () { return ''; });
    document.querySelectorAll('#gallery select').forEach(function (sel) { sel.value = sel.dataset.filter === 'stream' ? String(s) : sel.dataset.filter === 'sort' ? state.sort : ''; });
    apply();
    i = state.list.findIndex(function (e) { return e[0] === s && e[1] === pos; });
  }
  open(i);
}
function timelineClick(svg, ev) {
  const r = svg.getBoundingClientRect(), s = Number(svg.dataset.stream), x = IDX[s];
  const u = ((ev.clientX - r.left) / r.width) * ${W} ;
  const first = Number(svg.dataset.first), last = Number(svg.dataset.last);
  const frame = first + ((u - ${LEFT}) / (${W} - ${LEFT} - ${RIGHT})) * Math.max(1, last - first);
  let lo = 0, hi = x.idx.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (x.idx[mid] < frame) lo = mid + 1; else hi = mid; }
  if (lo > 0 && Math.abs(x.idx[lo - 1] - frame) < Math.abs(x.idx[lo] - frame)) lo--;
  openFrame(s, lo);
}
function open(i) {
  if (i < 0 || i >= state.list.length) return;
  state.at = i;
  while (state.shown <= i) render(false);
  const s = state.list[i][0], pos = state.list[i][1], x = IDX[s], st = M.streams[s];
  const v = $('viewer');
  v.hidden = false;
  const img = $('vimg');
  img.src = st.href + '/' + encodePath(pathOf(s, pos) || '');
  const head = $('vhead');
  head.textContent = '';
  head.appendChild(el('h3', '', st.name + ' #' + x.idx[pos]));
  head.appendChild(el('p', 'note', (i + 1) + ' of ' + state.list.length.toLocaleString('en-US') + ' · ' + badges(s, pos)));
  $('vvals').textContent = 'loading…';
  $('vobj').textContent = '';
  detail(s, pos, function (row) { if (state.at === i) showDetail(s, row); });
}
function pathOf(s, pos) { const row = rowOf(s, pos); return row ? row.path : ''; }
function rowOf(s, pos) { const c = DETAIL[s + '-' + Math.floor(pos / M.chunk)]; return c ? c[pos % M.chunk] : null; }
function encodePath(p) { return p.split('/').map(encodeURIComponent).join('/'); }
function detail(s, pos, done) {
  const key = s + '-' + Math.floor(pos / M.chunk);
  if (DETAIL[key]) return done(DETAIL[key][pos % M.chunk]);
  if (!waiting[key]) {
    waiting[key] = [];
    const sc = el('script');
    sc.src = M.assets + '/detail/' + key + '.js';
    document.body.appendChild(sc);
  }
  waiting[key].push(function () { done(DETAIL[key][pos % M.chunk]); });
}
function showDetail(s, row) {
  const img = $('vimg');
  const want = M.streams[s].href + '/' + encodePath(row.path);
  if (!img.src.endsWith(want)) img.src = want;
  const vals = $('vvals');
  vals.textContent = '';
  const p = el('p', 'path');
  p.appendChild(el('code', '', row.path));
  vals.appendChild(p);
  const t = el('table', 'data');
  const add = function (k, v) { const tr = el('tr'); tr.appendChild(el('th', '', k)); tr.appendChild(el('td', '', typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))); t.appendChild(tr); };
  ['frame_idx', 'blake3', 'width', 'height'].forEach(function (k) { add(k, row[k]); });
  if (row.error) add('error', row.error.code + ': ' + row.error.message);
  Object.keys(row).forEach(function (k) {
    if (['stream', 'frame_idx', 'path', 'blake3', 'width', 'height', 'error'].indexOf(k) >= 0) return;
    const rec = row[k];
    const h = el('tr', 'stage');
    h.appendChild(el('th', '', k));
    h.firstChild.colSpan = 2;
    t.appendChild(h);
    if (rec && typeof rec === 'object' && !Array.isArray(rec)) Object.keys(rec).forEach(function (f) { add(f, rec[f]); });
    else add('value', rec);
  });
  vals.appendChild(t);
  drawObjects(row);
}
function drawObjects(row) {
  const svg = $('vobj');
  svg.textContent = '';
  if (!row.width || !row.height) return;
  svg.setAttribute('viewBox', '0 0 ' + row.width + ' ' + row.height);
  const NS = 'http://www.w3.org/2000/svg';
  M.objects.forEach(function (o) {
    const rec = row[o.stage];
    const objs = rec && Array.isArray(rec[o.field]) ? rec[o.field] : [];
    objs.forEach(function (ob) {
      const b = ob[o.box];
      if (!Array.isArray(b) || b.length < 4) return;
      const r = document.createElementNS(NS, 'rect');
      r.setAttribute('class', 'obj');
      r.setAttribute('x', b[0]); r.setAttribute('y', b[1]); r.setAttribute('width', b[2] - b[0]); r.setAttribute('height', b[3] - b[1]);
      svg.appendChild(r);
      const label = [o.label ? ob[o.label] : '', o.score && typeof ob[o.score] === 'number' ? ob[o.score].toFixed(2) : ''].join(' ').trim();
      if (label) { const tx = document.createElementNS(NS, 'text'); const fs = Math.max(8, row.width / 60); tx.setAttribute('class', 'obj-label'); tx.setAttribute('font-size', String(fs)); tx.setAttribute('x', b[0] + 2); tx.setAttribute('y', Math.max(fs, b[1] - fs / 4)); tx.textContent = label; svg.appendChild(tx); }
    });
  });
}
function close() { $('viewer').hidden = true; const f = document.querySelector('#grid figure[data-i="' + state.at + '"]'); if (f) f.focus(); state.at = -1; }
function onKey(ev) {
  const open_ = !$('viewer').hidden;
  if (open_ && ev.key === 'Escape') { ev.preventDefault(); return close(); }
  if (open_ && (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft')) { ev.preventDefault(); return open(state.at + (ev.key === 'ArrowRight' ? 1 : -1)); }
  const fig = document.activeElement && document.activeElement.closest ? document.activeElement.closest('figure.thumb') : null;
  if (!open_ && fig && ev.key === 'Enter') { ev.preventDefault(); return openFigure(fig); }
  if (!open_ && fig && fig.dataset.i !== undefined && (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft')) {
    const next = document.querySelector('#grid figure[data-i="' + (Number(fig.dataset.i) + (ev.key === 'ArrowRight' ? 1 : -1)) + '"]');
    if (next) { ev.preventDefault(); next.focus(); }
  }
}
`;
