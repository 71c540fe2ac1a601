#!/usr/bin/env node
/**
 * `npm run bench`: performance as ratios measured in one run on this machine, with medians (never timed tests).
 *  - throughput of `winnow run` (the bundled CPU stages) vs the decode-only floor (same decoder, plan, cores);
 *  - rerun on unchanged input as a fraction of the first run;
 *  - peak RSS for 500 vs 5,000 frames;
 *  - extra suites that other parts of the project add (CLI start-up, gateway, dedup index) when present.
 * Options (env): WINNOW_BENCH_FRAMES (default 2000), WINNOW_BENCH_REPEAT (default 5), WINNOW_BENCH_DIR,
 * WINNOW_BENCH_ONLY (a comma list of parts to run: blurDarkness, cpuSuite, noisy, rss, extras; default all),
 * WINNOW_CORPUS_DIR (a shared corpus: the noisy suite runs on its stream_000). Every suite also times the outside
 * reference, libjpeg-turbo's scaled greyscale decode (python3-opencv), when it is installed.
 */
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'cli/bin/run.js');
const FRAMES = Number(process.env.WINNOW_BENCH_FRAMES ?? 2000);
// This machine's speed drifts by 10-20% from minute to minute (a shared VM): five alternating reps give a steadier median.
const REPEAT = Number(process.env.WINNOW_BENCH_REPEAT ?? 5);
/** Peak RSS is sampled this many times per stream length (median), for the same reason. */
const RSS_SAMPLES = 3;
const DIR = process.env.WINNOW_BENCH_DIR ?? path.join(os.tmpdir(), 'winnow-bench');
const WORKERS = os.availableParallelism();
const CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;
const ONLY = process.env.WINNOW_BENCH_ONLY?.split(',').map((s) => s.trim());
const included = (part) => !ONLY || ONLY.includes(part);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (...a) => process.stderr.write(a.join(' ') + '\n');

function stream(name, frames, w, h) {
  const dir = path.join(DIR, name);
  const marker = path.join(dir, '.complete');
  if (!fs.existsSync(marker)) {
    log(`generating ${frames} frames of ${w}x${h} in ${dir} (once; kept for later runs)...`);
    execFileSync(process.execPath, [path.join(ROOT, 'test/demo/make-demo-stream.js'), dir, '--clean', '--frames', String(frames), '--width', String(w), '--height', String(h), '--seed', '7']);
    fs.writeFileSync(marker, '');
  }
  return dir;
}

function timed(args, env = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`winnow ${args.join(' ')} failed:\n${r.stderr}`);
  return { ms: performance.now() - t0, out: r.stdout };
}

async function decodeFloor(dir, plan) {
  return shardedFloor(dir, (list) => [process.execPath, path.join(__dirname, 'decode-floor.js'), JSON.stringify(plan), list]);
}

/** Debian's python3 with python3-opencv (what `.ci/run` installs with the corpus tools), or null. */
const OUTSIDE_PYTHON = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import cv2'], { stdio: 'ignore' }).status === 0) ?? null;

/**
 * The outside reference: libjpeg-turbo's own DCT-scaled greyscale decode (python3-opencv's reduced greyscale read)
 * at the largest scale that still covers the plan's decode size, one process per core over the same files.
 */
async function outsideFloor(dir, plan) {
  const [first] = listFrames(dir);
  const side = Math.max(first.width, first.height);
  const scale = [8, 4, 2, 1].find((s) => plan.maxSide === null ? s === 1 : side / s >= plan.maxSide);
  return { ...(await shardedFloor(dir, (list) => [OUTSIDE_PYTHON, path.join(__dirname, 'outside-floor.py'), String(scale), list])), scale };
}

/** Runs `command(list)` in one process per core, each over its share of the stream's frames; frames/s of the whole. */
async function shardedFloor(dir, command) {
  const catalog = listFrames(dir);
  const shards = Array.from({ length: WORKERS }, (_, i) => catalog.filter((_, k) => k % WORKERS === i));
  const t0 = performance.now();
  const results = await Promise.all(
    shards.map((files, i) => {
      const list = path.join(DIR, `.floor-${i}.json`);
      fs.writeFileSync(list, JSON.stringify(files));
      return new Promise((resolve, reject) => {
        const [bin, ...args] = command(list);
        const p = spawn(bin, args, { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${path.basename(args[0])} exited ${code}`))));
      });
    }),
  );
  const ms = performance.now() - t0;
  return { frames: results.reduce((n, r) => n + r.frames, 0), ms, cpuMs: results.reduce((n, r) => n + r.cpuMs, 0) };
}

function listFrames(dir) {
  const sharpMeta = JSON.parse(execFileSync(process.execPath, ['-e', `
    const fs=require('fs'),p=require('path'),sharp=require('sharp');
    (async()=>{const out=[];for(const n of fs.readdirSync(${JSON.stringify(dir)})){if(!/^image_\\d+\\.jpg$/.test(n))continue;const f=p.join(${JSON.stringify(dir)},n);
    try{const m=await sharp(f).metadata();out.push({file:f,width:m.width,height:m.height});}catch{}}
    process.stdout.write(JSON.stringify(out));})();`], { cwd: ROOT, maxBuffer: 1 << 26 }));
  return sharpMeta;
}

/** The decode plan of exactly the batch stages of the given plugins: the floor decodes what the run decodes. */
async function viewsPlan(plugins) {
  const core = require(path.join(ROOT, 'core/dist'));
  const views = {};
  for (const plugin of plugins) {
    const c = await core.loadContribution(path.join(ROOT, 'plugins', plugin, 'dist/hooks/stages.js'));
    for (const s of c.stages ?? []) if (s.partition === 'batch' && !s.optIn) for (const v of Object.values(s.views)) views[JSON.stringify(v)] = v;
  }
  return core.planDecode(views);
}

/** Medians over REPEAT alternating runs of the decode floor and `winnow run` with `stages`, on the same frames. */
async function suite(name, dir, plugins, stages) {
  const plan = await viewsPlan(plugins);
  const runs = [];
  const floors = [];
  const reruns = [];
  const bareReruns = [];
  const cpuRatios = [];
  const outside = [];
  if (!OUTSIDE_PYTHON) log(`${name}: no python3 with opencv (apt-get install python3-opencv): the outside reference (libjpeg-turbo's scaled greyscale decode) is skipped`);
  for (let i = 0; i < REPEAT; i++) {
    if (OUTSIDE_PYTHON) {
      const o = await outsideFloor(dir, plan);
      outside.push((o.frames / o.ms) * 1000);
    }
    const floor = await decodeFloor(dir, plan);
    floors.push((floor.frames / floor.ms) * 1000);
    const ws = path.join(DIR, `ws-${name}-${i}`);
    fs.rmSync(ws, { recursive: true, force: true });
    const args = ['run', '--input', dir, '--workspace', ws, '--no-progress', '--json', '--stages', stages.join(',')];
    const first = timed(args);
    const summary = JSON.parse(first.out);
    runs.push((summary.frames / first.ms) * 1000);
    // CPU per frame, decode alone vs the pipeline (all threads, start-up excluded): what scheduling noise does not move.
    cpuRatios.push(floor.cpuMs / floor.frames / (summary.cpuMs / summary.framesMeasured));
    const again = timed(args);
    reruns.push(again.ms / first.ms);
    // NODE_EXTRA_CA_CERTS makes Node parse its root certificates when it starts (~45 ms per process here): a
    // property of the shell, not of Winnow, shown beside the rerun when it is set.
    const bare = CA_CERTS ? timed(args, { NODE_EXTRA_CA_CERTS: undefined }) : null;
    if (bare) bareReruns.push(bare.ms / first.ms);
    log(`${name} rep ${i + 1}: ${outside.length ? `libjpeg-turbo scaled grey ${outside.at(-1).toFixed(1)} fps, ` : ''}floor ${floors.at(-1).toFixed(1)} fps, winnow run ${runs.at(-1).toFixed(1)} fps (${(first.ms / 1000).toFixed(1)} s), rerun ${(again.ms / 1000).toFixed(2)} s${bare ? ` (${(bare.ms / 1000).toFixed(2)} s without NODE_EXTRA_CA_CERTS)` : ''}, CPU per frame floor/run ${cpuRatios.at(-1).toFixed(3)}`);
  }
  return {
    stages,
    decodePlan: { maxSide: plan.maxSide, views: Object.keys(plan.views).length },
    winnowRunFps: round(median(runs)),
    decodeFloorFps: round(median(floors)),
    ratioToFloor: round(median(runs.map((r, i) => r / floors[i])), 3),
    ...(outside.length ? { outsideFloorFps: round(median(outside)), ratioToOutsideFloor: round(median(runs.map((r, i) => r / outside[i])), 3) } : {}),
    rerunFractionOfFirstRun: round(median(reruns), 4),
    ...(CA_CERTS ? { rerunFractionWithoutNodeExtraCaCerts: round(median(bareReruns), 4) } : {}),
    cpuPerFrameFloorOverRun: round(median(cpuRatios), 3),
  };
}

async function main() {
  fs.mkdirSync(DIR, { recursive: true });
  const report = { machine: { cpus: WORKERS, node: process.version }, frames: FRAMES, repeat: REPEAT, note: 'wall-clock of the whole command (start-up included) vs a decode-only pass of the same views on the same cores' };
  const big = stream(`stream_1080p_${FRAMES}`, FRAMES, 1920, 1080);
  if (included('blurDarkness')) report.blurDarkness = await suite('blur-darkness', big, ['stage-blur', 'stage-darkness'], ['blur', 'darkness']);
  if (included('cpuSuite')) report.cpuSuite = await suite('cpu-suite', big, ['stage-blur', 'stage-darkness', 'stage-dedup', 'stage-idle'], ['blur', 'darkness', 'dedup', 'idle']);
  // Camera-like noisy frames (Huffman-bound, unlike the demo's smooth ones): one stream of the shared corpus.
  const noisy = process.env.WINNOW_CORPUS_DIR ? path.join(process.env.WINNOW_CORPUS_DIR, 'stream_000', 'frames') : null;
  if (included('noisy')) {
    if (noisy && fs.existsSync(noisy)) report.noisyCpuSuite = await suite('noisy-cpu-suite', noisy, ['stage-blur', 'stage-darkness', 'stage-dedup', 'stage-idle'], ['blur', 'darkness', 'dedup', 'idle']);
    else log('noisy: set WINNOW_CORPUS_DIR to a shared corpus (make_corpus.py) to bench on noisy camera-like frames; skipped');
  }

  // Peak RSS must not grow with the stream: blur+darkness (issue target), and every CPU stage (stream stages hold
  // a stream's features in memory, so that suite grows with the stream by design).
  for (const [name, stages] of included('rss') ? [['blurDarkness', 'blur,darkness'], ['cpuSuite', 'blur,darkness,dedup,idle']] : []) {
    const rss = {};
    for (const n of [500, 5000]) {
      const dir = stream(`stream_360p_${n}`, n, 640, 360);
      const ws = path.join(DIR, `ws-rss-${name}-${n}`);
      const samples = [];
      for (let i = 0; i < RSS_SAMPLES; i++) {
        fs.rmSync(ws, { recursive: true, force: true });
        const r = spawnSync(process.execPath, [path.join(__dirname, 'measure-rss.js'), 'run', '--input', dir, '--workspace', ws, '--no-progress', '--json', '--stages', stages], { encoding: 'utf8', maxBuffer: 1 << 26 });
        samples.push(Number(/PEAK_RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024);
      }
      rss[n] = median(samples);
      log(`${name} peak RSS, ${n} frames: ${samples.map((m) => m.toFixed(1)).join(', ')} MiB`);
    }
    report[name] = { ...report[name], peakRssMiB: { frames500: round(rss[500]), frames5000: round(rss[5000]), ratio5000to500: round(rss[5000] / rss[500], 3) } };
  }

  for (const extra of included('extras') ? ['cli-startup.js', 'gateway.js', 'annotate.js', '../../plugins/stage-dedup/bench/hamming-index.bench.js'] : []) {
    const file = path.join(__dirname, extra);
    if (!fs.existsSync(file)) continue;
    log(`running ${extra}...`);
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8', maxBuffer: 1 << 26, cwd: ROOT });
    report[path.basename(extra, '.js')] = r.status === 0 ? lastJson(r.stdout) : { error: r.stderr.slice(-2000) };
  }
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

function lastJson(text) {
  const lines = text.trim().split('\n').filter((l) => l.trim().startsWith('{'));
  try {
    return JSON.parse(text);
  } catch {
    return lines.length ? JSON.parse(lines.at(-1)) : { output: text.slice(-2000) };
  }
}

function round(x, d = 1) {
  const k = 10 ** d;
  return Math.round(x * k) / k;
}

main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
