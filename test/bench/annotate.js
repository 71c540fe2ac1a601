#!/usr/bin/env node
/**
 * Annotation overhead: YOLOX-Nano throughput through `winnow run` (stage `yolox`, every frame selected) vs a
 * bare onnxruntime session on the same model, batch (1, the export's fixed batch) and threads, on CPU.
 * Both sides decode each JPEG (sharp, one thread) and letterbox it, so the ratio is the pipeline's overhead:
 * ingest (BLAKE3 and header of every frame), scheduling, checkpoints, records; with every frame selected no curation
 * feature stage runs (the detector reads none). Also measured: the same run with one GPU worker process
 * (`gpuWorkers: 1`), which on a machine without a GPU runs the session on the CPU in that process while the CPU
 * worker decodes; `provider` says what the session ran on. Prints one JSON object on stdout.
 * Skips with a message when the weights are absent. Env: WINNOW_SHARED_DIR (default ../shared),
 * WINNOW_BENCH_ANNOTATE_FRAMES (default 400), WINNOW_BENCH_REPEAT (default 3).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'cli/bin/run.js');
const SHARED = process.env.WINNOW_SHARED_DIR ?? path.resolve(ROOT, '../shared');
const WEIGHTS = path.join(SHARED, 'models', 'yolox_nano.onnx');
const CLIP = path.join(SHARED, '..', 'corpus', 'vtest');
const FRAMES = Number(process.env.WINNOW_BENCH_ANNOTATE_FRAMES ?? 400);
const REPEAT = Number(process.env.WINNOW_BENCH_REPEAT ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (...a) => process.stderr.write(a.join(' ') + '\n');

async function makeStream(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const fromClip = fs.existsSync(path.join(CLIP, `image_${FRAMES - 1}.jpg`));
  if (fromClip) for (let i = 0; i < FRAMES; i++) fs.copyFileSync(path.join(CLIP, `image_${i}.jpg`), path.join(dir, `image_${i}.jpg`));
  else execFileSync(process.execPath, [path.join(ROOT, 'test/demo/make-demo-stream.js'), dir, '--clean', '--frames', String(FRAMES), '--width', '768', '--height', '576', '--seed', '7']);
  return fromClip ? 'street clip (768x576)' : 'synthetic demo stream (768x576)';
}

async function bare(dir) {
  const ort = require('onnxruntime-node');
  const sharp = require('sharp');
  const { letterbox, toChw, YOLOX_NORMALISATION, decodeYolox } = require('@winnow/annotate');
  sharp.concurrency(1);
  const session = await ort.InferenceSession.create(WEIGHTS, { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jpg'));
  const t0 = performance.now();
  let objects = 0;
  for (const f of files) {
    const img = sharp(fs.readFileSync(path.join(dir, f)));
    const meta = await img.metadata();
    const { data, info } = await img.resize({ width: 416, height: 416, fit: 'inside', withoutEnlargement: true }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const lb = letterbox({ width: info.width, height: info.height, channels: 3, data }, 416, { width: meta.width, height: meta.height });
    const out = await session.run({ images: new ort.Tensor('float32', toChw(lb.image, YOLOX_NORMALISATION), [1, 3, 416, 416]) });
    objects += decodeYolox(out.output.data, 80, { ratio: lb.ratio, width: meta.width, height: meta.height }).length;
  }
  const s = (performance.now() - t0) / 1000;
  await session.release();
  return { fps: files.length / s, objects };
}

function viaWinnow(dir, ws, gpuWorkers) {
  fs.rmSync(ws, { recursive: true, force: true });
  const config = path.join(os.tmpdir(), `winnow-bench-annotate-${process.pid}.json`);
  fs.writeFileSync(config, JSON.stringify({ stages: ['yolox'], workers: 1, gpuWorkers, yolox: { model: WEIGHTS, threads: 1, provider: gpuWorkers > 0 ? 'auto' : 'cpu', select: { frames: 'all' } } }));
  const t0 = performance.now();
  const summary = JSON.parse(execFileSync(process.execPath, [CLI, 'run', '--input', dir, '--workspace', ws, '--config', config, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  const s = (performance.now() - t0) / 1000;
  if (summary.state !== 'SUCCEEDED') throw new Error(`winnow run ended ${summary.state}`);
  const providers = Object.keys(summary.stages.yolox.counts ?? {}).filter((k) => k.startsWith('provider ')).map((k) => k.slice('provider '.length));
  return { fps: summary.frames / s, stageFps: summary.frames / (summary.elapsedMs / 1000), providers, gpu: summary.gpu };
}

async function main() {
  if (!fs.existsSync(WEIGHTS)) {
    log(`annotate bench SKIPPED: ${WEIGHTS} is absent (set WINNOW_SHARED_DIR to the folder holding models/yolox_nano.onnx)`);
    process.stdout.write(JSON.stringify({ suite: 'annotate', skipped: true, reason: `no weights at ${WEIGHTS}` }) + '\n');
    return;
  }
  const dir = path.join(os.tmpdir(), 'winnow-bench-annotate', 'stream');
  const ws = path.join(os.tmpdir(), 'winnow-bench-annotate', 'ws');
  const source = await makeStream(dir);
  log(`annotate bench: ${FRAMES} frames of the ${source}, YOLOX-Nano 416, CPU, 1 thread, batch 1, ${REPEAT} repeats`);
  const b = [];
  const w = [];
  const ws2 = [];
  const g = [];
  let lane = null;
  for (let r = 0; r < REPEAT; r++) {
    b.push((await bare(dir)).fps);
    const v = viaWinnow(dir, ws, 0);
    w.push(v.fps);
    ws2.push(v.stageFps);
    lane = viaWinnow(dir, ws, 1);
    g.push(lane.fps);
  }
  const result = {
    suite: 'annotate',
    model: 'yolox_nano.onnx',
    frames: FRAMES,
    source,
    provider: 'cpu',
    threads: 1,
    batch: 1,
    bareFps: Math.round(median(b) * 10) / 10,
    winnowFps: Math.round(median(w) * 10) / 10,
    winnowFpsExcludingStartup: Math.round(median(ws2) * 10) / 10,
    ratio: Math.round((median(w) / median(b)) * 1000) / 1000,
    ratioExcludingStartup: Math.round((median(ws2) / median(b)) * 1000) / 1000,
    target: 0.9,
    gpuWorker: {
      fps: Math.round(median(g) * 10) / 10,
      ratio: Math.round((median(g) / median(b)) * 1000) / 1000,
      provider: lane.providers.join(', '),
      devices: lane.gpu?.devices ?? [],
      chunks: lane.gpu?.tasks ?? 0,
    },
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => {
  log(e.stack ?? String(e));
  process.exit(1);
});
