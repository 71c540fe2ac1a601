import { execFileSync, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { WINNOW, makeStream, winnow } from '../helpers/cli';
import { listLeftovers, snapshotDir } from '../helpers/workspace';

// Paths that tests do not usually walk: every one ends in a clear error or the correct result, never a hang, a loop
// or a silent wrong export. Real processes, real files; the default bundled stages (batch, stream and job stages).

let tmp: string;
let pristine: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-integrity-'));
  pristine = path.join(tmp, 'pristine');
  await makeStream(pristine, ['--frames', '48', '--width', '96', '--height', '64']);
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

let n = 0;
/** A fresh copy of the stream and an empty workspace. */
async function fresh(): Promise<{ stream: string; ws: string; out: (name: string) => string }> {
  const dir = path.join(tmp, `case-${n++}`);
  const stream = path.join(dir, 'cam');
  await fs.cp(pristine, stream, { recursive: true });
  return { stream, ws: path.join(dir, 'ws'), out: (name) => path.join(dir, name) };
}

const run = (stream: string, ws: string, ...more: string[]) => winnow(['run', '--input', stream, '--workspace', ws, '--json', '--no-progress', '--batch-size', '16', ...more]);
const exportTo = (ws: string, out: string, ...more: string[]) => winnow(['export', '--workspace', ws, '--format', 'jsonl', '--out', out, ...more]);
const summaryOf = (r: { stdout: string }) => JSON.parse(r.stdout);

test("a job stage's artifact deleted behind its SUCCEEDED checkpoint is recomputed, not looped on", async () => {
  const { stream, ws, out } = await fresh();
  expect((await run(stream, ws)).code).toBe(0);
  expect((await exportTo(ws, out('a'))).code).toBe(0);
  const job = summaryOf(await run(stream, ws)).jobId;
  const record = JSON.parse(await fs.readFile(path.join(ws, 'state/v2/jobs', `${job}.json`), 'utf8'));
  const artifact = record.streams[0].stages['dedup-across'][0].artifact;
  await fs.rm(path.join(ws, 'artifacts/sha256', artifact.slice(0, 2), artifact, 'artifact.bin'));
  const again = await run(stream, ws);
  expect(again.code).toBe(0);
  expect(summaryOf(again).stages['dedup-across']).toMatchObject({ computed: 1 });
  expect((await exportTo(ws, out('b'))).code).toBe(0);
  expect(await snapshotDir(out('b'))).toEqual(await snapshotDir(out('a')));
});

test('a flipped byte in an artifact: export fails naming it and sets it aside; the next run recomputes that partition; the export is whole again', async () => {
  const { stream, ws, out } = await fresh();
  const first = summaryOf(await run(stream, ws));
  expect((await exportTo(ws, out('a'))).code).toBe(0);
  const artifact = await flipByte(ws, first.jobId, 'blur', 0, (length) => length >> 1);
  const failed = await exportTo(ws, out('b'), '--json');
  expect(failed.code).not.toBe(0);
  expect(JSON.parse(failed.stdout).error).toMatchObject({ code: 'WINNOW_ARTIFACT_CORRUPT', message: expect.stringContaining(artifact) });
  const again = summaryOf(await run(stream, ws));
  expect(again.stages.blur).toMatchObject({ computed: 1 });
  expect((await exportTo(ws, out('c'))).code).toBe(0);
  expect(await snapshotDir(out('c'))).toEqual(await snapshotDir(out('a')));
});

test('a flipped byte found by the next run (not by an export) is recomputed by that run', async () => {
  const { stream, ws, out } = await fresh();
  const first = summaryOf(await run(stream, ws));
  expect((await exportTo(ws, out('a'))).code).toBe(0);
  await flipByte(ws, first.jobId, 'blur-features', 1, () => 7);
  const again = summaryOf(await run(stream, ws));
  expect(again.stages['blur-features']).toMatchObject({ computed: 1, skipped: 2 });
  expect((await exportTo(ws, out('b'))).code).toBe(0);
  expect(await snapshotDir(out('b'))).toEqual(await snapshotDir(out('a')));
});

test("export --job of an older job reads that job's catalog, not the stream's current one", async () => {
  const { stream, ws, out } = await fresh();
  const old = summaryOf(await run(stream, ws)).jobId;
  expect((await exportTo(ws, out('before'))).code).toBe(0);
  await fs.copyFile(path.join(stream, 'image_3.jpg'), path.join(stream, 'image_2.jpg')); // a frame changes
  const newer = summaryOf(await run(stream, ws)).jobId;
  expect(newer).not.toBe(old);
  expect((await exportTo(ws, out('old'), '--job', old)).code).toBe(0);
  expect(await snapshotDir(out('old'))).toEqual(await snapshotDir(out('before')));
  expect((await exportTo(ws, out('new'))).code).toBe(0);
  const rows = (await fs.readFile(path.join(out('new'), 'cam.frames.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  expect(rows.find((r) => r.frame_idx === 2).blake3).toBe(rows.find((r) => r.frame_idx === 3).blake3);
});

test('a catalog edited in place (a zeroed BLAKE3, a wrong width) is never trusted: the run reads the stream again', async () => {
  const { stream, ws, out } = await fresh();
  await run(stream, ws);
  expect((await exportTo(ws, out('a'))).code).toBe(0);
  const [id] = await fs.readdir(path.join(ws, 'state/v2/streams'));
  const { catalog } = JSON.parse(await fs.readFile(path.join(ws, 'state/v2/streams', id, 'stream.json'), 'utf8'));
  const file = path.join(ws, 'artifacts/sha256', catalog.slice(0, 2), catalog, 'artifact.bin');
  const lines = (await fs.readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  lines[4].blake3 = '0'.repeat(64);
  lines[5].width = 7;
  await fs.writeFile(file, lines.map((l) => JSON.stringify(l) + '\n').join(''));
  for (const flags of [[], ['--ingest.rehash']]) {
    const r = await run(stream, ws, ...flags);
    expect(r.code).toBe(0);
    expect((await exportTo(ws, out(`b${flags.length}`))).code).toBe(0);
    expect(await snapshotDir(out(`b${flags.length}`))).toEqual(await snapshotDir(out('a')));
  }
});

test('touch on a frame (content unchanged) costs a hash, not a recompute', async () => {
  const { stream, ws } = await fresh();
  await run(stream, ws);
  const now = new Date();
  await fs.utimes(path.join(stream, 'image_20.jpg'), now, new Date(now.getTime() + 5000));
  const again = summaryOf(await run(stream, ws));
  expect(again.partitions.computed).toBe(0);
  expect(again.framesMeasured).toBe(0);
});

test('a FIFO, a folder and a socket named like frames are per-frame errors; every other frame is processed; nothing hangs', async () => {
  const { stream, ws } = await fresh();
  await fs.rm(path.join(stream, 'image_7.jpg'));
  execFileSync('mkfifo', [path.join(stream, 'image_7.jpg')]);
  await fs.rm(path.join(stream, 'image_9.jpg'));
  await fs.mkdir(path.join(stream, 'image_9.jpg'));
  await fs.rm(path.join(stream, 'image_11.jpg'));
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(path.join(stream, 'image_11.jpg'), r));
  const r = await run(stream, ws).finally(() => server.close());
  expect(r.code).toBe(0);
  const s = summaryOf(r);
  const errors = Object.fromEntries(s.unreadable.map((u: { frame_idx: number; code: string; message: string }) => [u.frame_idx, u]));
  expect(errors[7]).toMatchObject({ code: 'FRAME_NOT_A_FILE', message: 'cam/image_7.jpg: is a FIFO (named pipe), not an image file' });
  expect(errors[9]).toMatchObject({ code: 'FRAME_NOT_A_FILE', message: 'cam/image_9.jpg: is a folder, not an image file' });
  expect(errors[11]).toMatchObject({ code: 'FRAME_NOT_A_FILE', message: 'cam/image_11.jpg: is a socket, not an image file' });
  expect(s.stages.blur.computed).toBe(1);
  expect(s.frames).toBe(47);
}, 60_000);

test('a killed run: its job shows INTERRUPTED; the next run removes its temporary and lock files and finishes its work', async () => {
  const { stream, ws } = await fresh();
  const child = spawn(process.execPath, [WINNOW, 'run', '--input', stream, '--workspace', ws, '--json', '--no-progress', '--batch-size', '8'], { stdio: 'ignore' });
  // Wait for the job record, then plant what a writer killed mid-write leaves, and kill it.
  const jobs = path.join(ws, 'state/v2/jobs');
  for (let i = 0; i < 200 && (await fs.readdir(jobs).catch(() => [])).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  await fs.mkdir(path.join(ws, 'state/v2/tmp'), { recursive: true });
  await fs.writeFile(path.join(ws, 'state/v2/tmp', `${child.pid}.${await hostTag()}.0123456789ab.tmp`), 'partial');
  await fs.mkdir(path.join(ws, 'state/v2/runtime/locks'), { recursive: true });
  await fs.writeFile(path.join(ws, 'state/v2/runtime/locks', 'batch-x-0_7.lock'), JSON.stringify({ pid: child.pid, host: os.hostname(), since: new Date().toISOString() }));
  const [id] = await fs.readdir(jobs);
  const inspect = await winnow(['inspect', 'job', '--workspace', ws, '--id', id.replace(/\.json$/, ''), '--json']);
  expect(JSON.parse(inspect.stdout).job).toMatchObject({ state: 'INTERRUPTED', owner: { pid: child.pid, host: os.hostname() } });
  const again = await run(stream, ws);
  expect(again.code).toBe(0);
  expect(await listLeftovers(ws)).toEqual([]);
});

test('a run waiting for a lock another live process holds stops at once on SIGTERM', async () => {
  const { stream, ws } = await fresh();
  await run(stream, ws, '--stages', 'darkness-features');
  const holder = spawn('sleep', ['30']);
  try {
    // Every batch of blur-features is locked by a live process: the run waits, and must still stop on a signal.
    await fs.mkdir(path.join(ws, 'state/v2/runtime/locks'), { recursive: true });
    const [id] = await fs.readdir(path.join(ws, 'state/v2/streams'));
    for (const range of ['0_15', '16_31', '32_47']) {
      await fs.writeFile(path.join(ws, 'state/v2/runtime/locks', `batch-${id}-${range}.lock`), JSON.stringify({ pid: holder.pid, host: os.hostname(), since: new Date().toISOString() }));
    }
    const child = spawn(process.execPath, [WINNOW, 'run', '--input', stream, '--workspace', ws, '--no-progress', '--batch-size', '16', '--stages', 'blur-features'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = Date.now();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    expect(Date.now() - t0).toBeLessThan(3000);
  } finally {
    holder.kill('SIGKILL');
  }
});

test('winnow verify finds a corrupt artifact, an invalid checkpoint and a broken catalog; --repair sets them aside and the next run recomputes exactly those', async () => {
  const { stream, ws, out } = await fresh();
  const first = summaryOf(await run(stream, ws));
  expect((await exportTo(ws, out('a'))).code).toBe(0);
  expect((await winnow(['verify', '--workspace', ws])).code).toBe(0);
  const record = JSON.parse(await fs.readFile(path.join(ws, 'state/v2/jobs', `${first.jobId}.json`), 'utf8'));
  const artifact = record.streams[0].stages.darkness[0].artifact;
  await fs.appendFile(path.join(ws, 'artifacts/sha256', artifact.slice(0, 2), artifact, 'artifact.bin'), 'x');
  const idle = record.streams[0].stages['idle-features'][2];
  const cpDir = path.join(ws, 'state/v2/stages/idle-features', record.streams[0].id, `${idle.start}_${idle.end}`);
  await fs.writeFile(path.join(cpDir, `${idle.key}.json`), '{"key": "truncated');
  const streamJson = path.join(ws, 'state/v2/streams', record.streams[0].id, 'stream.json');
  await fs.writeFile(streamJson, '{}');
  const found = await winnow(['verify', '--workspace', ws, '--json']);
  expect(found.code).toBe(1);
  const kinds = JSON.parse(found.stdout).problems.map((p: { kind: string }) => p.kind).sort();
  expect(kinds).toEqual(expect.arrayContaining(['artifact-corrupt', 'catalog-invalid', 'checkpoint-invalid', 'job-reference']));
  const repaired = await winnow(['verify', '--workspace', ws, '--repair', '--json']);
  expect(repaired.code).toBe(0);
  const again = summaryOf(await run(stream, ws));
  expect(again.stages['idle-features']).toMatchObject({ computed: 1 });
  expect(again.stages.darkness).toMatchObject({ computed: 1 });
  expect(again.stages.blur).toMatchObject({ computed: 0 });
  expect((await winnow(['verify', '--workspace', ws])).code).toBe(0); // the same bytes again: every reference is whole
  expect((await exportTo(ws, out('b'))).code).toBe(0);
  expect(await snapshotDir(out('b'))).toEqual(await snapshotDir(out('a')));
});

test('a full disk: the error names the file and the bytes it needed, leaves no temporary file, and the run succeeds once there is room', async () => {
  const { stream, ws, out } = await fresh();
  const reference = path.join(tmp, `reference-${n}`);
  await run(stream, reference);
  expect((await exportTo(reference, out('a'))).code).toBe(0);
  const mnt = out('mnt');
  await fs.mkdir(mnt);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt], { stdio: 'ignore' });
  } catch {
    console.warn('skipped: cannot mount a tmpfs here (needs root and mount rights); the full-disk path is not exercised');
    return;
  }
  try {
    const filler = path.join(mnt, 'filler');
    await fs.writeFile(filler, Buffer.alloc(4 * 1024 * 1024 - 96 * 1024)); // leaves ~96 KiB: the run's artifacts need more
    const full = await run(stream, path.join(mnt, 'ws'));
    expect(full.code).not.toBe(0);
    const text = full.stdout + full.stderr;
    expect(text).toContain('WINNOW_DISK_FULL');
    expect(text).toMatch(/no space left on the device writing \/\S+ws\/\S+: it needed [\d.]+ (B|KiB|MiB)/);
    expect(await listLeftovers(path.join(mnt, 'ws'))).toEqual([]);
    await fs.rm(filler);
    expect((await run(stream, path.join(mnt, 'ws'))).code).toBe(0);
    expect(await listLeftovers(path.join(mnt, 'ws'))).toEqual([]);
    expect((await exportTo(path.join(mnt, 'ws'), out('b'))).code).toBe(0);
    expect(await snapshotDir(out('b'))).toEqual(await snapshotDir(out('a')));
  } finally {
    execFileSync('umount', ['-l', mnt]);
  }
});

/** Flips one byte of the artifact of a job's partition (`at` picks the byte from the length); returns its digest. */
async function flipByte(ws: string, jobId: string, stage: string, partition: number, at: (length: number) => number): Promise<string> {
  const record = JSON.parse(await fs.readFile(path.join(ws, 'state/v2/jobs', `${jobId}.json`), 'utf8'));
  const artifact = record.streams[0].stages[stage][partition].artifact;
  const file = path.join(ws, 'artifacts/sha256', artifact.slice(0, 2), artifact, 'artifact.bin');
  const bytes = await fs.readFile(file);
  bytes[at(bytes.length)] ^= 0xff;
  await fs.writeFile(file, bytes);
  return artifact;
}

async function hostTag(): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);
}
