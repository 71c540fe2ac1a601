#!/usr/bin/env node
// The decode floor: decodes every listed frame once with the same decoder, plan and one thread per process as
// `winnow run`, doing nothing else. Usage: decode-floor.js PLAN_JSON FILE_LIST_JSON ; prints {frames, ms}.
const fs = require('node:fs');
const sharp = require('sharp');
const { decodeFrame } = require('../../core/dist');

sharp.concurrency(1);
sharp.cache(false);

async function main() {
  const plan = JSON.parse(process.argv[2]);
  const files = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let ok = 0;
  for (const f of files) {
    try {
      await decodeFrame(fs.readFileSync(f.file), f.width, f.height, plan);
      ok++;
    } catch {
      // unreadable frames cost what they cost in a real run too
    }
  }
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ frames: ok, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 }) + '\n');
}
main();
