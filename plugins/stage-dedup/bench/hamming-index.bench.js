#!/usr/bin/env node
// Multi-index Hamming search vs a linear scan over 1,000,000 random 64-bit hashes.
// Usage (after `npx tsc -b plugins/stage-dedup`): node plugins/stage-dedup/bench/hamming-index.bench.js [N] [queries] [chunks...]
// Prints a table, then one JSON line (the last line, collected by `npm run bench`): per number of chunks and radius,
// the median ms per query without a limit and with the stages' default limit per bucket (512), the median ms of a
// linear scan at that radius, and their ratio.
'use strict';
const path = require('path');
const { HammingIndex } = require(path.join(__dirname, '..', 'dist', 'hamming-index.js'));

const N = Number(process.argv[2] || 1_000_000);
const Q = Number(process.argv[3] || 50);
const CHUNKS = process.argv.length > 4 ? process.argv.slice(4).map(Number) : [3, 4];
const RADII = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const LIMIT = 512;
let s = 0x9e3779b9;
const next = () => {
  s = (s + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
};
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round = (x, digits = 4) => Number(x.toFixed(digits));
const key = (matches) => matches.map((m) => `${m.id}:${m.distance}`).join(',');

const hi = new Uint32Array(N);
const lo = new Uint32Array(N);
for (let i = 0; i < N; i++) {
  hi[i] = next();
  lo[i] = next();
}
// Queries are stored hashes with a few bits flipped, so that every radius has at least one true match. Each radius
// and mode gets fresh queries: repeating them would find their buckets in the cache.
const makeQueries = (count) => {
  const queries = [];
  for (let q = 0; q < count; q++) {
    const i = next() % N;
    let qh = hi[i];
    let ql = lo[i];
    for (let k = 0; k < 3; k++) {
      const b = next() % 64;
      if (b < 32) qh = (qh ^ (1 << b)) >>> 0;
      else ql = (ql ^ (1 << (b - 32))) >>> 0;
    }
    queries.push([qh, ql]);
  }
  return queries;
};
const SCANS = Math.min(10, Q);
const report = { bench: 'hamming-index', n: N, queries: Q, scanQueries: SCANS, limitPerBucket: LIMIT, chunks: {} };
for (const chunks of CHUNKS) {
  let t0 = process.hrtime.bigint();
  const index = new HammingIndex({ chunks });
  for (let i = 0; i < N; i++) index.add(i, hi[i], lo[i]);
  const addMs = ms(t0);
  t0 = process.hrtime.bigint();
  index.query(hi[0], lo[0], 0);
  const firstQueryMs = ms(t0);
  console.log(`\nbuilt index of ${N} hashes with ${chunks} chunks: adds ${addMs.toFixed(0)} ms, first query (builds the tables) ${firstQueryMs.toFixed(0)} ms`);
  console.log(`${chunks} chunks: radius  median ms/query  limit ${LIMIT}  scan ms/query  matches(median)  speed-up vs scan  check`);
  const radius = {};
  for (const r of RADII) {
    const times = [];
    const limited = [];
    const hits = [];
    for (const [qh, ql] of makeQueries(Q)) {
      t0 = process.hrtime.bigint();
      hits.push(index.query(qh, ql, r).length);
      times.push(ms(t0));
    }
    for (const [qh, ql] of makeQueries(Q)) {
      t0 = process.hrtime.bigint();
      index.query(qh, ql, r, LIMIT);
      limited.push(ms(t0));
    }
    // The linear scan, and correctness: the index must return what the scan returns, with or without the limit
    // (random hashes fill no bucket up to it).
    const scanTimes = [];
    let ok = true;
    for (const [qh, ql] of makeQueries(SCANS)) {
      t0 = process.hrtime.bigint();
      const want = key(index.scan(qh, ql, r));
      scanTimes.push(ms(t0));
      ok &&= key(index.query(qh, ql, r)) === want && key(index.query(qh, ql, r, LIMIT)) === want;
    }
    const scan = { median: median(scanTimes) };
    const m = median(times);
    radius[r] = { medianMs: round(m), limitedMedianMs: round(median(limited)), scanMedianMs: round(scan.median, 3), ratioVsScan: round(scan.median / m, 1), matchesMedian: median(hits), sameAsScan: ok };
    console.log(
      `${String(r).padStart(15)}  ${m.toFixed(4).padStart(15)}  ${median(limited).toFixed(4).padStart(9)}  ${scan.median.toFixed(3).padStart(13)}  ${String(median(hits)).padStart(15)}  ${(scan.median / m).toFixed(0).padStart(15)}x  ${ok ? 'same as scan' : 'MISMATCH'}`,
    );
  }
  report.chunks[chunks] = { addMs: round(addMs, 1), firstQueryMs: round(firstQueryMs, 1), radius };
}
console.log(JSON.stringify(report));
