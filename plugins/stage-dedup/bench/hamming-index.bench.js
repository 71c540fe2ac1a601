#!/usr/bin/env node
// Multi-index Hamming search vs a linear scan over 1,000,000 random 64-bit hashes.
// Usage (after `npx tsc -b plugins/stage-dedup`): node plugins/stage-dedup/bench/hamming-index.bench.js [N] [queries] [chunks...]
'use strict';
const path = require('path');
const { HammingIndex } = require(path.join(__dirname, '..', 'dist', 'hamming-index.js'));

const N = Number(process.argv[2] || 1_000_000);
const Q = Number(process.argv[3] || 50);
const CHUNKS = process.argv.length > 4 ? process.argv.slice(4).map(Number) : [3, 4];
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

const hi = new Uint32Array(N);
const lo = new Uint32Array(N);
for (let i = 0; i < N; i++) {
  hi[i] = next();
  lo[i] = next();
}
// Queries are stored hashes with a few bits flipped, so that every radius has at least one true match.
const queries = [];
for (let q = 0; q < Q; q++) {
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
let t0;
const indexes = CHUNKS.map((chunks) => {
  t0 = process.hrtime.bigint();
  const index = new HammingIndex({ chunks });
  for (let i = 0; i < N; i++) index.add(i, hi[i], lo[i]);
  console.log(`built index of ${N} hashes with ${chunks} chunks in ${ms(t0).toFixed(0)} ms`);
  return [chunks, index];
});
const index = indexes[0][1];
const scanSample = queries.slice(0, Math.min(10, Q));
const scanTimes = [];
const scanHits = [];
for (const [qh, ql] of scanSample) {
  t0 = process.hrtime.bigint();
  scanHits.push(index.scan(qh, ql, 8).length);
  scanTimes.push(ms(t0));
}
const scanMedian = median(scanTimes);
console.log(`linear scan (radius 8, ${scanSample.length} queries): median ${scanMedian.toFixed(2)} ms/query`);
for (const [chunks, idx] of indexes) {
  console.log(`\n${chunks} chunks: radius  index median ms/query  matches(median)  speed-up vs scan  check`);
  for (let r = 0; r <= 8; r++) {
    const times = [];
    const hits = [];
    for (const [qh, ql] of queries) {
      t0 = process.hrtime.bigint();
      hits.push(idx.query(qh, ql, r).length);
      times.push(ms(t0));
    }
    // Correctness on the scan sample: the index must return what the scan returns.
    const ok = scanSample.every(([qh, ql]) => idx.query(qh, ql, r).length === idx.scan(qh, ql, r).length);
    const m = median(times);
    console.log(`${String(r).padStart(15)}  ${m.toFixed(4).padStart(22)}  ${String(median(hits)).padStart(15)}  ${(scanMedian / m).toFixed(0).padStart(15)}x  ${ok ? 'same as scan' : 'MISMATCH'}`);
  }
}
