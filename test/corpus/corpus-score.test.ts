/**
 * Accuracy on the ground-truthed corpus of ../shared/corpus (seed 1, 3 x 600 frames) and on the real street
 * clip, with DEFAULT settings, scored by the corpus's own score.py through the export contract.
 * Enabled when .ci/run (or you) sets WINNOW_CORPUS_DIR / WINNOW_VTEST_DIR and WINNOW_SHARED_DIR; skipped, saying
 * so, otherwise: a clone without ../shared still passes its default tests.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { winnow } from '../helpers/cli';

const corpus = process.env.WINNOW_CORPUS_DIR;
const vtest = process.env.WINNOW_VTEST_DIR;
const shared = process.env.WINNOW_SHARED_DIR;
const enabled = Boolean(corpus && shared);
if (!enabled) console.log('corpus checks skipped: set WINNOW_SHARED_DIR and WINNOW_CORPUS_DIR (done by .ci/run when ../shared is present)');

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-corpus-'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

async function runAndScore(inputs: string[], name: string): Promise<Record<string, any>> {
  const ws = path.join(tmp, `ws-${name}`);
  const r = await winnow(['run', ...inputs.flatMap((i) => ['--input', i]), '--workspace', ws, '--no-progress', '--json']);
  if (r.code !== 0) throw new Error(r.stderr);
  const out = path.join(tmp, `export-${name}`);
  expect((await winnow(['export', '--workspace', ws, '--format', 'jsonl', '--out', out])).code).toBe(0);
  return { out, summary: JSON.parse(r.stdout) };
}

(enabled ? test : test.skip)('corpus seed 1, default settings: scores reach the targets', async () => {
  const streams = (await fs.readdir(corpus!)).filter((s) => s.startsWith('stream_')).sort();
  const links = path.join(tmp, 'streams');
  await fs.mkdir(links);
  for (const s of streams) await fs.symlink(path.join(corpus!, s, 'frames'), path.join(links, s));
  const { out } = await runAndScore(streams.map((s) => path.join(links, s)), 'corpus');
  const preds = path.join(tmp, 'preds');
  execFileSync('python3', [path.join(shared!, 'corpus/winnow_to_preds.py'), out, preds]);
  const json = path.join(tmp, 'score.json');
  const text = execFileSync('python3', [path.join(shared!, 'corpus/score.py'), '--corpus', corpus!, '--pred-dir', preds, '--json', json], { encoding: 'utf8' });
  console.log(text);
  const score = JSON.parse(await fs.readFile(json, 'utf8'));
  const all = Object.entries(score).find(([k]) => k.startsWith('ALL'))?.[1] as Record<string, { f1: number } | null>;
  const f1 = (label: string): number => all?.[label]?.f1 ?? NaN;
  await fs.writeFile(path.join(os.tmpdir(), 'winnow-corpus-score.json'), JSON.stringify(score, null, 2));
  expect(f1('corrupt')).toBe(1);
  expect(f1('blurry')).toBeGreaterThanOrEqual(0.95);
  expect(f1('dark')).toBeGreaterThanOrEqual(0.98);
  // Duplicates and idle periods, when their stage plugins are installed (they are bundled).
  if (all.duplicate) expect(f1('duplicate')).toBe(1);
  if (all.near_duplicate) expect(f1('near_duplicate')).toBeGreaterThanOrEqual(0.99);
  if (all.idle_frames) expect(f1('idle_frames')).toBeGreaterThanOrEqual(0.96);
});

(enabled && vtest ? test : test.skip)('real street clip: at most 2% blurry, none dark, at most 5% idle', async () => {
  const { out } = await runAndScore([vtest!], 'vtest');
  const rows = (await fs.readFile(path.join(out, `${path.basename(vtest!)}.frames.jsonl`), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  const blurry = rows.filter((r) => r.blur?.flag).length / rows.length;
  const dark = rows.filter((r) => r.darkness?.flag).length;
  const idle = rows.filter((r) => r.idle?.flag).length / rows.length;
  console.log(`vtest: ${rows.length} frames, ${(blurry * 100).toFixed(2)}% blurry, ${dark} dark, ${(idle * 100).toFixed(2)}% idle`);
  expect(blurry).toBeLessThanOrEqual(0.02);
  expect(dark).toBe(0);
  expect(idle).toBeLessThanOrEqual(0.05);
});
