#!/usr/bin/env node
/**
 * `npm run bench`: performance as ratios measured in one run on this machine, with medians (never timed tests).
 *  - throughput of `winnow run` (the bundled CPU stages) vs the decode-only floor (same decoder, plan, cores);
 *  - rerun on unchanged input as a fraction of the first run;
 *  - peak RSS for 500 vs 5,000 frames;
 *  - extra suites that other parts of the project add (CLI start-up, gateway, dedup index) when present.
 * Options (env): WINNOW_BENCH_FRAMES (default 2000), WINNOW_BENCH_REPEAT (default 3), WINNOW_BENCH_DIR.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'cli/bin/run.js');
const FRAMES = Number(process.env.WINNOW_BENCH_FRAMES ?? 2000);
const REPEAT = Number(process.env.WINNOW_BENCH_REPEAT ?? 3);
const DIR = process.env.WINNOW_BENCH_DIR ?? path.join(os.tmpdir(), 'winnow-bench');
const WORKERS = os.availableParallelism();

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
  const r = require('node:child_process').spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`winnow ${args.join(' ')} failed:\n${r.stderr}`);
  return { ms: performance.now() - t0, out: r.stdout };
}

async function decodeFloor(dir, plan) {
  const catalog = listFrames(dir);
  const shards = Array.from({ length: WORKERS }, (_, i) => catalog.filter((_, k) => k % WORKERS === i));
  const t0 = performance.now();
  const results = await Promise.all(
    shards.map((files, i) => {
      const list = path.join(DIR, `.floor-${i}.json`);
      fs.writeFileSync(list, JSON.stringify(files));
      return new Promise((resolve, reject) => {
        const p = spawn(process.execPath, [path.join(__dirname, 'decode-floor.js'), JSON.stringify(plan), list], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`decode floor exited ${code}`))));
      });
    }),
  );
  const ms = performance.now() - t0;
  return { frames: results.reduce((n, r) => n + r.frames, 0), ms };
}

function listFrames(dir) {
  const sharpMeta = JSON.parse(execFileSync(process.execPath, ['-e', `
    const fs=require('fs'),p=require('path'),sharp=require('sharp');
    (async()=>{const out=[];for(const n of fs.readdirSync(${JSON.stringify(dir)})){if(!/^image_\\d+\\.jpg$/.test(n))continue;const f=p.join(${JSON.stringify(dir)},n);
    try{const m=await sharp(f).metadata();out.push({file:f,width:m.width,height:m.height});}catch{}}
    process.stdout.write(JSON.stringify(out));})();`], { cwd: ROOT, maxBuffer: 1 << 26 }));
  return sharpMeta;
}

async function viewsPlan() {
  const core = require(path.join(ROOT, 'core/dist'));
  const views = {};
  for (const plugin of ['stage-blur', 'stage-darkness', 'stage-dedup', 'stage-idle']) {
    const hook = path.join(ROOT, 'plugins', plugin, 'dist/hooks/stages.js');
    if (!fs.existsSync(hook)) continue;
    const c = await core.loadContribution(hook);
    for (const s of c.stages ?? []) if (s.partition === 'batch') for (const v of Object.values(s.views)) views[JSON.stringify(v)] = v;
  }
  return core.planDecode(views);
}

async function main() {
  fs.mkdirSync(DIR, { recursive: true });
  const report = { machine: { cpus: WORKERS, node: process.version }, frames: FRAMES, repeat: REPEAT };
  const big = stream(`stream_1080p_${FRAMES}`, FRAMES, 1920, 1080);
  const plan = await viewsPlan();
  report.decodePlan = { maxSide: plan.maxSide, views: Object.keys(plan.views).length };

  const runs = [];
  const floors = [];
  const reruns = [];
  for (let i = 0; i < REPEAT; i++) {
    const floor = await decodeFloor(big, plan);
    floors.push((floor.frames / floor.ms) * 1000);
    const ws = path.join(DIR, `ws-${i}`);
    fs.rmSync(ws, { recursive: true, force: true });
    const first = timed(['run', '--input', big, '--workspace', ws, '--no-progress', '--json']);
    const summary = JSON.parse(first.out);
    runs.push({ fps: (summary.frames / first.ms) * 1000, ms: first.ms });
    const again = timed(['run', '--input', big, '--workspace', ws, '--no-progress', '--json']);
    reruns.push(again.ms / first.ms);
    log(`rep ${i + 1}: floor ${floors.at(-1).toFixed(1)} fps, winnow run ${runs.at(-1).fps.toFixed(1)} fps (${(first.ms / 1000).toFixed(1)} s), rerun ${(again.ms / 1000).toFixed(2)} s`);
  }
  const fps = median(runs.map((r) => r.fps));
  const floor = median(floors);
  report.throughput = {
    winnowRunFps: round(fps),
    decodeFloorFps: round(floor),
    ratioToFloor: round(median(runs.map((r, i) => r.fps / floors[i])), 3),
    stages: 'every bundled/installed CPU stage (winnow stages lists them)',
  };
  report.rerun = { fractionOfFirstRun: round(median(reruns), 4) };

  const rss = {};
  for (const n of [500, 5000]) {
    const dir = stream(`stream_360p_${n}`, n, 640, 360);
    const ws = path.join(DIR, `ws-rss-${n}`);
    fs.rmSync(ws, { recursive: true, force: true });
    const r = require('node:child_process').spawnSync(process.execPath, [path.join(__dirname, 'measure-rss.js'), 'run', '--input', dir, '--workspace', ws, '--no-progress', '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    rss[n] = Number(/PEAK_RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  }
  report.peakRssMiB = { frames500: round(rss[500]), frames5000: round(rss[5000]), ratio5000to500: round(rss[5000] / rss[500], 3) };

  for (const extra of ['cli-startup.js', 'gateway.js', '../../plugins/stage-dedup/bench/hamming-index.bench.js']) {
    const file = path.join(__dirname, extra);
    if (!fs.existsSync(file)) continue;
    log(`running ${extra}...`);
    const r = require('node:child_process').spawnSync(process.execPath, [file], { encoding: 'utf8', maxBuffer: 1 << 26, cwd: ROOT });
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
