import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, winnow, type CliResult } from './cli';

/** A temp folder with an oclif data dir where the test stage plugins are linked. */
export async function gatewaySandbox(prefix: string): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `winnow-${prefix}-`));
  const env = { WINNOW_DATA_DIR: path.join(dir, 'data') };
  for (const fixture of ['stage-fixture', 'stage-gateway-fixture']) {
    const r = await winnow(['plugins', 'link', path.join(ROOT, 'test/fixtures', fixture), '--no-install'], { env });
    if (r.code !== 0) throw new Error(`cannot link ${fixture}: ${r.stderr}`);
  }
  return { dir, env };
}

export async function must(p: Promise<CliResult>): Promise<CliResult> {
  const r = await p;
  if (r.code !== 0) throw new Error(`winnow exited ${r.code}: ${r.stderr}\n${r.stdout}`);
  return r;
}

/** Starts a detached daemon with fast polling; returns its pid. */
export async function startDaemon(ws: string, env: NodeJS.ProcessEnv, extra: readonly string[] = []): Promise<number> {
  const r = await must(winnow(['gateway', 'start', '-w', ws, '--json', '--workers', '2', '--poll-ms', '100', '--heartbeat-ms', '300', '--stale-ms', '2000', '--retry-base-ms', '100', ...extra], { env }));
  return (JSON.parse(r.stdout) as { pid: number }).pid;
}

export async function submit(ws: string, env: NodeJS.ProcessEnv, config: string, inputs: readonly string[], extra: readonly string[] = []): Promise<string> {
  const r = await must(winnow(['submit', '-w', ws, '--config', config, ...inputs.flatMap((i) => ['--input', i]), ...extra], { env }));
  return r.stdout.trim();
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 90_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The queue folder a job is in, or null. */
export async function queueState(ws: string, id: string): Promise<string | null> {
  for (const s of ['pending', 'running', 'done', 'failed']) {
    if (await fs.access(path.join(ws, 'state/v2/queue', s, `${id}.json`)).then(() => true, () => false)) return s;
  }
  return null;
}

export async function waitFinished(ws: string, id: string, timeoutMs = 120_000): Promise<string> {
  return waitFor(`job ${id} to finish`, async () => {
    const s = await queueState(ws, id);
    return s === 'done' || s === 'failed' ? s : null;
  }, timeoutMs);
}

export interface JournalEvent {
  readonly type: string;
  readonly [k: string]: unknown;
}

export async function journal(ws: string): Promise<JournalEvent[]> {
  const dir = path.join(ws, 'state/v2/events');
  const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.jsonl')).sort();
  const out: JournalEvent[] = [];
  for (const f of files) for (const line of (await fs.readFile(path.join(dir, f), 'utf8')).split('\n')) if (line.trim()) out.push(JSON.parse(line));
  return out;
}

/** SUCCEEDED checkpoint events per partition (`stage/stream/start_end/key`). */
export function successesPerPartition(events: readonly JournalEvent[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'checkpoint' || e.state !== 'SUCCEEDED') continue;
    const k = `${e.stage}/${e.stream}/${e.start}_${e.end}/${e.key}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

export async function stopDaemon(ws: string, env: NodeJS.ProcessEnv, extra: readonly string[] = []): Promise<CliResult> {
  return winnow(['gateway', 'stop', '-w', ws, ...extra], { env });
}

/** Last resort in afterAll: whatever daemon the test left behind. */
export async function killDaemon(ws: string): Promise<void> {
  try {
    const { pid } = JSON.parse(await fs.readFile(path.join(ws, 'state/v2/runtime/gateway/gateway.pid'), 'utf8')) as { pid: number };
    process.kill(pid, 'SIGKILL');
  } catch {
    // not running
  }
}
