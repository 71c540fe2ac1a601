#!/usr/bin/env node
/**
 * Gateway bench: (1) idle cost of the daemon over a shortened, fast poll loop; (2) throughput of one job through
 * the gateway vs `winnow run` on the same input and worker count. Prints one JSON object.
 * Usage: node test/bench/gateway.js [--idle-s 60] [--poll-ms 100] [--frames 300] [--workers 2]
 * Needs a build (npm run build). Linux only for the idle figures (/proc).
 */
const { execFileSync, execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'cli/bin/run.js');
const args = { 'idle-s': 60, 'poll-ms': 100, frames: 300, workers: 2 };
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = Number(process.argv[i + 1]);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winnow-gw-bench-'));
const env = { ...process.env, WINNOW_DATA_DIR: path.join(dir, 'data') };
const winnow = (a) => execFileSync(process.execPath, [BIN, ...a], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TICK = 100; // USER_HZ on Linux

function cpuMs(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICK; // utime + stime of all threads
}
function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
}

async function main() {
  const input = path.join(dir, 'stream');
  execFileSync(process.execPath, [path.join(ROOT, 'test/demo/make-demo-stream.js'), input, '--frames', String(args.frames), '--clean']);
  const wsGateway = path.join(dir, 'ws-gateway');
  const wsDirect = path.join(dir, 'ws-direct');
  const out = { frames: args.frames, workers: args.workers, cpus: os.availableParallelism(), loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100) };

  // 1. Idle: a daemon with nothing queued, polling every --poll-ms (10x the default 1000 ms).
  const started = JSON.parse(winnow(['gateway', 'start', '-w', wsGateway, '--json', '--workers', String(args.workers), '--poll-ms', String(args['poll-ms']), '--heartbeat-ms', '1000']));
  const pid = started.pid;
  try {
    await sleep(3000); // past start-up
    const rss = [];
    const c0 = cpuMs(pid);
    const t0 = performance.now();
    const end = t0 + args['idle-s'] * 1000;
    while (performance.now() < end) {
      rss.push(rssMb(pid));
      await sleep(Math.min(5000, end - performance.now()));
    }
    rss.push(rssMb(pid));
    const wallMs = performance.now() - t0;
    const usedMs = cpuMs(pid) - c0;
    const polls = wallMs / args['poll-ms'];
    out.idle = {
      seconds: Math.round(wallMs / 100) / 10,
      pollMs: args['poll-ms'],
      cpuPercent: Math.round((usedMs / wallMs) * 100 * 1000) / 1000,
      cpuMsPerPoll: Math.round((usedMs / polls) * 1000) / 1000,
      // At the default poll (1000 ms) and heartbeat (5000 ms) the cost per second is about one poll's.
      projectedCpuPercentAtDefaultPoll: Math.round((usedMs / polls / 1000) * 100 * 1000) / 1000,
      rssMb: { first: rss[0], last: rss[rss.length - 1], max: Math.max(...rss), samples: rss.length },
    };

    // 2. Throughput: the same input, direct and through the (already warm) gateway, fresh workspaces each.
    const t1 = performance.now();
    const direct = JSON.parse(winnow(['run', '-w', wsDirect, '--input', input, '--workers', String(args.workers), '--no-progress', '--json']));
    const directWallMs = performance.now() - t1;
    const t2 = performance.now();
    const id = winnow(['submit', '-w', wsGateway, '--input', input, '--config', writeConfig()]).trim();
    let state = null;
    while (!state) {
      for (const s of ['done', 'failed']) if (fs.existsSync(path.join(wsGateway, 'state/v1/queue', s, `${id}.json`))) state = s;
      if (!state) await sleep(20);
    }
    const gatewayWallMs = performance.now() - t2;
    const job = JSON.parse(fs.readFileSync(path.join(wsGateway, 'state/v1/jobs', `${id}.json`), 'utf8'));
    out.throughput = {
      direct: { wallMs: Math.round(directWallMs), pipelineMs: direct.elapsedMs, framesPerSecond: direct.framesPerSecond, note: 'wall includes CLI start, plugin discovery and pool start' },
      gateway: { state, wallMs: Math.round(gatewayWallMs), pipelineMs: job.summary.elapsedMs, framesPerSecond: job.summary.framesPerSecond, note: 'wall is submit (a CLI call) to done/ (poll latency included)' },
      ratioPipeline: Math.round((job.summary.framesPerSecond / direct.framesPerSecond) * 1000) / 1000,
      ratioWall: Math.round((directWallMs / gatewayWallMs) * 1000) / 1000,
    };
    const status = JSON.parse(winnow(['gateway', 'status', '-w', wsGateway, '--json']));
    out.afterJob = { rssMb: rssMb(pid), pool: status.daemon && status.daemon.pool };
  } finally {
    try {
      winnow(['gateway', 'stop', '-w', wsGateway]);
    } catch {
      process.kill(pid, 'SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify({ bench: 'gateway', ...out }, null, 2) + '\n');

  function writeConfig() {
    const f = path.join(dir, 'pipeline.json');
    fs.writeFileSync(f, '{}');
    return f;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
