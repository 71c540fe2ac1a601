import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkspaceLayout } from '@winnow/core';
import { makeStream, winnow } from '../helpers/cli';

/** `winnow run` ends with its findings; `winnow export --format keep-list` writes what `select` keeps. */
let tmp: string;
let stream: string;
let ws: string;
let run: { findings: { labels: Record<string, string>; totals: Record<string, number>; streams: { stream: string; counts: Record<string, number>; examples: Record<string, string[]> }[]; next: string[] } };
type Row = { frame_idx: number; path: string; error: unknown; blur?: { flag: boolean }; darkness?: { flag: boolean }; dedup?: { exact_of: number | null }; select: { keep: boolean; reason: string; scene: number } };
let rows: Row[];

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-findings-'));
  stream = path.join(tmp, 'cam');
  ws = path.join(tmp, 'ws');
  await makeStream(stream, ['--frames', '90', '--width', '320', '--height', '180']);
  const r = await winnow(['run', '--input', stream, '--workspace', ws, '--json']);
  expect(r.code).toBe(0);
  run = JSON.parse(r.stdout);
  const out = path.join(tmp, 'jsonl');
  expect((await winnow(['export', '--workspace', ws, '--format', 'jsonl', '--out', out])).code).toBe(0);
  rows = (await fs.readFile(path.join(out, 'cam.frames.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

test('run --json carries the findings: counts per stream as the stages declare them, example paths, next commands', () => {
  const [s] = run.findings.streams;
  expect(s.stream).toBe('cam');
  const blurry = rows.filter((r) => r.blur?.flag);
  expect(blurry.length).toBeGreaterThan(0);
  expect(s.counts).toMatchObject({
    frames: rows.length,
    unreadable: rows.filter((r) => r.error).length,
    blurry: blurry.length,
    dark: rows.filter((r) => r.darkness?.flag).length,
    duplicates: rows.filter((r) => r.dedup?.exact_of !== null && r.dedup?.exact_of !== undefined).length,
    kept: rows.filter((r) => r.select.keep).length,
    scenes: new Set(rows.map((r) => r.select.scene)).size,
  });
  expect(s.examples.blurry).toEqual(blurry.slice(0, 3).map((r) => r.path));
  expect(run.findings.labels).toMatchObject({ blurry: 'Blurry', kept: 'Kept', idleIntervals: 'Idle intervals' });
  expect(run.findings.next).toEqual([`winnow report --out report.html --workspace ${ws}`, `winnow export --format keep-list --out kept/ --workspace ${ws}`, `winnow export --format jsonl --out export/ --workspace ${ws}`]);
});

test('a rerun prints the same findings (from the workspace memo) and the next commands', async () => {
  const r = await winnow(['run', '--input', stream, '--workspace', ws]);
  expect(r.code).toBe(0);
  const blurry = rows.filter((x) => x.blur?.flag).length;
  expect(r.stdout).toMatch(new RegExp(`Findings:\\n  cam: ${rows.length} frames: .*${blurry} blurry`));
  expect(r.stdout).toContain(`    blurry: ${rows.filter((x) => x.blur?.flag).slice(0, 3).map((x) => x.path).join(', ')}`);
  expect(r.stdout).toContain('Next:\n  winnow report --out report.html');
  expect((await fs.readdir(path.join(new WorkspaceLayout(ws).runtime, 'findings'))).length).toBe(1);
});

test('keep-list: kept.txt holds the kept frames\' paths, selection.csv every frame with its reason and scene', async () => {
  const out = path.join(tmp, 'kept');
  const r = await winnow(['export', '--workspace', ws, '--format', 'keep-list', '--out', out, '--json']);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).files).toEqual(['kept.txt', 'selection.csv']);
  const kept = (await fs.readFile(path.join(out, 'kept.txt'), 'utf8')).trim().split('\n');
  expect(kept).toEqual(rows.filter((x) => x.select.keep).map((x) => path.join(stream, x.path)));
  const csv = (await fs.readFile(path.join(out, 'selection.csv'), 'utf8')).trim().split('\n');
  expect(csv[0]).toBe('stream,frame_idx,path,keep,reason,scene,represented_by');
  expect(csv).toHaveLength(rows.length + 1);
  const second = csv[2].split(',');
  expect(second.slice(0, 6)).toEqual(['cam', String(rows[1].frame_idx), path.join(stream, rows[1].path), String(rows[1].select.keep), rows[1].select.reason, String(rows[1].select.scene)]);
});

test('exporter options are flags, with or without the format prefix; another format\'s options are refused; --help lists them', async () => {
  const out = path.join(tmp, 'kept-jsonl');
  const a = await winnow(['export', '--workspace', ws, '--format', 'keep-list', '--out', out, '--table', 'jsonl', '--keep-list.paths', 'relative']);
  expect(a.code).toBe(0);
  const first = JSON.parse((await fs.readFile(path.join(out, 'selection.jsonl'), 'utf8')).split('\n')[0]);
  expect(first.path).toBe(rows[0].path);
  const bad = await winnow(['export', '--workspace', ws, '--format', 'keep-list', '--out', out, '--yolo.val', '0.3']);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toMatch(/options of --format yolo were given, but the format is keep-list/);
  const help = await winnow(['export', '--help']);
  for (const flag of ['--keep-list.table', '--keep-list.paths', '--yolo.split', '--yolo.only', '--yolo.block-frames', '--yolo.guard', '--coco.only']) expect(help.stdout).toContain(flag);
  expect(help.stdout).toMatch(/FORMATS[\s\S]*keep-list {2}/);
});

test('a budget keeps 10% of the frames, every scene first', async () => {
  const r = await winnow(['run', '--input', stream, '--workspace', ws, '--select.budget', '10%', '--json']);
  expect(r.code).toBe(0);
  const counts = JSON.parse(r.stdout).findings.streams[0].counts;
  expect(counts.kept).toBe(Math.round(0.1 * rows.length));
  expect(JSON.parse(r.stdout).stages.select.computed).toBe(1);
  expect(JSON.parse(r.stdout).stages['blur-features'].computed).toBe(0); // only the decision reran
});
