#!/usr/bin/env node
/**
 * Writes a small synthetic camera stream (real JPEGs, made with sharp) for the demo and the end-to-end tests:
 * a textured fixed scene with a moving object, sensor noise, a few blurred and dark frames, an exact duplicate,
 * and bad inputs (a truncated JPEG, an empty file, a text file named like a frame, a foreign file, a gap).
 * Usage: make-demo-stream.js OUT_DIR [--frames N] [--width W] [--height H] [--seed S] [--clean]
 * The output is a pure function of the arguments. Prints a JSON description of what it injected.
 */
const fs = require('node:fs');
const path = require('node:path');
const sharp = require('sharp');

function parseArgs(argv) {
  const out = { dir: null, frames: 120, width: 640, height: 360, seed: 1, clean: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--clean') out.clean = true;
    else if (a.startsWith('--')) out[a.slice(2)] = Number(argv[++i]);
    else out.dir = a;
  }
  if (!out.dir) throw new Error('usage: make-demo-stream.js OUT_DIR [--frames N] [--width W] [--height H] [--seed S] [--clean]');
  return out;
}

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
}

function scene(w, h, rand) {
  const px = new Uint8Array(w * h * 3);
  const blobs = Array.from({ length: 40 }, () => ({ x: rand() * w, y: rand() * h, r: 10 + rand() * w * 0.08, c: [rand() * 255, rand() * 255, rand() * 255] }));
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      let c = [90 + 60 * Math.sin(x / 23) * Math.cos(y / 31), 110 + 40 * Math.sin((x + y) / 17), 100 + 50 * Math.cos(x / 11)];
      for (const b of blobs) if ((x - b.x) ** 2 + (y - b.y) ** 2 < b.r ** 2) c = b.c;
      px[i] = c[0]; px[i + 1] = c[1]; px[i + 2] = c[2];
    }
  return px;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const { frames: n, width: w, height: h } = o;
  if (o.clean) fs.rmSync(o.dir, { recursive: true, force: true });
  fs.mkdirSync(o.dir, { recursive: true });
  const rand = rng(o.seed);
  const base = scene(w, h, rand);
  const pick = (k) => Math.floor(n * k);
  const blurred = new Set([pick(0.2), pick(0.2) + 1, pick(0.55)]);
  const dark = new Set([pick(0.4), pick(0.4) + 1, pick(0.4) + 2]);
  const duplicate = pick(0.7);
  const truncated = pick(0.3);
  const empty = pick(0.8);
  const notImage = pick(0.9);
  const gap = pick(0.6);
  let previous = null;
  for (let k = 0; k < n; k++) {
    const file = path.join(o.dir, `image_${k}.jpg`);
    if (k === gap) continue;
    if (k === empty) { fs.writeFileSync(file, ''); continue; }
    if (k === notImage) { fs.writeFileSync(file, 'this is not an image\n'); continue; }
    if (k === duplicate && previous) { fs.writeFileSync(file, previous); continue; }
    const px = Buffer.from(base);
    const ox = Math.floor(((k * 7) % (w - 60))), oy = Math.floor(h / 2 + (h / 4) * Math.sin(k / 9));
    for (let y = oy; y < Math.min(h, oy + 40); y++) for (let x = ox; x < ox + 60; x++) { const i = (y * w + x) * 3; px[i] = 240; px[i + 1] = 40; px[i + 2] = 40; }
    for (let i = 0; i < px.length; i++) px[i] = Math.max(0, Math.min(255, px[i] + (rand() - 0.5) * 12));
    let img = sharp(px, { raw: { width: w, height: h, channels: 3 } });
    if (blurred.has(k)) img = img.blur(4);
    if (dark.has(k)) img = img.linear(0.15, 0);
    let jpg = await img.jpeg({ quality: 88 }).toBuffer();
    if (k === truncated) jpg = jpg.subarray(0, Math.floor(jpg.length / 2));
    fs.writeFileSync(file, jpg);
    previous = jpg;
  }
  fs.writeFileSync(path.join(o.dir, 'Thumbs.db'), Buffer.from([0, 1, 2, 3]));
  const truth = { frames: n, gap, blurred: [...blurred], dark: [...dark], duplicate: { frame: duplicate, of: duplicate - 1 }, truncated, empty, notImage, foreign: ['Thumbs.db'] };
  process.stdout.write(JSON.stringify(truth) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
