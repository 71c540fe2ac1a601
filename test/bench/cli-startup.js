#!/usr/bin/env node
/**
 * CLI start-up with 10 plugins: links 10 small stage plugins into a temp data dir, then times `winnow --help` and
 * `winnow stages` (median of N runs, ms, wall clock of the whole process). Prints one JSON line.
 * Usage: node test/bench/cli-startup.js [--runs N] [--plugins K] [--manifest]
 *   --manifest  generate oclif.manifest.json for the CLI first (as `npm pack` does) and remove it afterwards.
 * `winnow stages` answers from the stage catalog cached in the CLI's cache folder (rebuilt when any plugin's code
 * changes); the untimed `stages --json` call before the timings is the one that builds it.
 * Env WINNOW_BENCH_KEEP=1 keeps the temp data dir (for profiling). Target (issue 3): median <= 300 ms each.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'cli/bin/run.js');
const HELLO = path.join(ROOT, 'test/fixtures/stage-hello');

function args() {
  const out = { runs: 9, plugins: 10, manifest: false };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--runs') out.runs = Number(a[++i]);
    else if (a[i] === '--plugins') out.plugins = Number(a[++i]);
    else if (a[i] === '--manifest') out.manifest = true;
  }
  return out;
}

/** One plain-JS stage plugin per index, a copy of the hello fixture under another name. */
function makePlugin(dir, i) {
  fs.cpSync(HELLO, dir, { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, name: `@winnow-bench/stage-b${i}`, winnow: { ...pkg.winnow, stages: [`b${i}`] } }, null, 2));
  const hook = path.join(dir, 'hooks/stages.js');
  fs.writeFileSync(hook, fs.readFileSync(hook, 'utf8').replace("name: 'hello'", `name: 'b${i}'`));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median (and spread) of `runs` wall-clock runs of `node ...nodeArgs`, after one untimed run that warms the file cache. */
function time(nodeArgs, env, runs) {
  spawnSync(process.execPath, nodeArgs, { env, stdio: 'ignore' });
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, nodeArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0) throw new Error(`node ${nodeArgs.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return { median: Math.round(median(ms)), min: Math.round(Math.min(...ms)), max: Math.round(Math.max(...ms)) };
}

function main() {
  const opts = args();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'winnow-bench-startup-'));
  const env = { ...process.env, WINNOW_DATA_DIR: path.join(tmp, 'data'), WINNOW_CONFIG_DIR: path.join(tmp, 'config'), WINNOW_CACHE_DIR: path.join(tmp, 'cache') };
  delete env.NODE_OPTIONS;
  const manifest = path.join(ROOT, 'cli/oclif.manifest.json');
  let madeManifest = false;
  try {
    for (let i = 0; i < opts.plugins; i++) {
      const dir = path.join(tmp, `stage-b${i}`);
      makePlugin(dir, i);
      execFileSync(process.execPath, [CLI, 'plugins', 'link', dir, '--no-install'], { env, stdio: 'ignore' });
    }
    if (opts.manifest && !fs.existsSync(manifest)) {
      execFileSync(path.join(ROOT, 'node_modules/.bin/oclif'), ['manifest'], { cwd: path.join(ROOT, 'cli'), stdio: 'ignore' });
      madeManifest = true;
    }
    const stages = JSON.parse(execFileSync(process.execPath, [CLI, 'stages', '--json'], { env, encoding: 'utf8', maxBuffer: 64 << 20 }));
    const linked = stages.stages.filter((s) => /^b\d+$/.test(s.name)).length;
    const help = time([CLI, '--help'], env, opts.runs);
    const list = time([CLI, 'stages'], env, opts.runs);
    // What any node process costs here before a line of winnow runs (NODE_EXTRA_CA_CERTS and the like included).
    const bare = time(['-e', '0'], env, opts.runs);
    const result = {
      bench: 'cli-startup',
      plugins: opts.plugins,
      pluginsListed: linked,
      totalStages: stages.stages.length,
      runs: opts.runs,
      manifest: fs.existsSync(manifest),
      nodeAloneMedianMs: bare.median,
      helpMedianMs: help.median,
      stagesMedianMs: list.median,
      help,
      stages: list,
      targetMs: 300,
      node: process.version,
      cpus: os.cpus().length,
      loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    if (madeManifest) fs.rmSync(manifest, { force: true });
    if (process.env.WINNOW_BENCH_KEEP) process.stderr.write(`kept ${tmp}\n`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
