/**
 * The select stage's targets on the ground-truthed corpus (seed 1, 3 x 600 frames), default settings: kept frames
 * hold no frame the truth labels blurry, dark or corrupt, at most one of each near-duplicate group and idle
 * interval, at least one of every stretch between idle intervals; a 10% budget keeps 10% (+-1 frame per stream).
 * Enabled when WINNOW_CORPUS_DIR is set (.ci/run sets it when ../shared is present); skipped, saying so, otherwise.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { winnow } from '../helpers/cli';
import { selectTargets, type SelectTargets } from './select-targets';

const corpus = process.env.WINNOW_CORPUS_DIR;
if (!corpus) console.log('corpus select checks skipped: set WINNOW_CORPUS_DIR (done by .ci/run when ../shared is present)');

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-corpus-select-'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

async function targets(ws: string, streams: readonly string[], name: string): Promise<SelectTargets[]> {
  const out = path.join(tmp, `export-${name}`);
  expect((await winnow(['export', '--workspace', ws, '--format', 'jsonl', '--out', out])).code).toBe(0);
  const all = await Promise.all(streams.map((s) => selectTargets(path.join(corpus as string, s, 'truth.json'), path.join(out, `${s}.frames.jsonl`))));
  console.log(`select on the corpus (${name}):\n${all.map((t) => JSON.stringify(t)).join('\n')}`);
  return all;
}

(corpus ? test : test.skip)('corpus seed 1: what select keeps meets the targets, and a 10% budget keeps 10%', async () => {
  const streams = (await fs.readdir(corpus as string)).filter((s) => s.startsWith('stream_')).sort();
  const links = path.join(tmp, 'streams');
  await fs.mkdir(links);
  for (const s of streams) await fs.symlink(path.join(corpus as string, s, 'frames'), path.join(links, s));
  const ws = path.join(tmp, 'ws');
  const inputs = streams.flatMap((s) => ['--input', path.join(links, s)]);
  expect((await winnow(['run', ...inputs, '--workspace', ws, '--no-progress'])).code).toBe(0);
  for (const t of await targets(ws, streams, 'default')) {
    expect(t.kept).toBeGreaterThan(0);
    expect(t.keptBad).toBe(0);
    expect(t.groupsOverKept).toBe(0);
    expect(t.intervalsOverKept).toBe(0);
    expect(t.stretchesEmpty).toBe(0);
  }
  expect((await winnow(['run', ...inputs, '--workspace', ws, '--no-progress', '--select.budget', '10%'])).code).toBe(0);
  for (const t of await targets(ws, streams, 'budget 10%')) {
    expect(Math.abs(t.kept - 0.1 * t.frames)).toBeLessThanOrEqual(1);
    expect(t.keptBad).toBe(0);
  }
}, 600_000);
