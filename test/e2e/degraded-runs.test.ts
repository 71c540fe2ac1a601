import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { makeStream, winnow } from '../helpers/cli';

// Long degraded runs on real JPEGs: autofocus hunting for 50 frames and an exposure drop for 12 are flagged whole,
// not judged against themselves (the blind spot a real street clip showed).
let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-runs-'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

test('a run of 50 strongly blurred frames and a run of 12 underexposed frames are flagged whole', async () => {
  const stream = path.join(tmp, 'cam');
  const truth = (await makeStream(stream, ['--frames', '400', '--width', '320', '--height', '180'])) as { blurred: number[]; dark: number[]; gap: number; truncated: number; empty: number; notImage: number };
  const unreadable = new Set([truth.gap, truth.truncated, truth.empty, truth.notImage]);
  const blurRun = Array.from({ length: 50 }, (_, k) => 150 + k).filter((i) => !unreadable.has(i));
  const darkRun = Array.from({ length: 12 }, (_, k) => 300 + k).filter((i) => !unreadable.has(i));
  for (const i of blurRun) {
    const file = path.join(stream, `image_${i}.jpg`);
    await fs.writeFile(file, await sharp(await fs.readFile(file)).blur(4).jpeg({ quality: 90 }).toBuffer());
  }
  for (const i of darkRun) {
    const file = path.join(stream, `image_${i}.jpg`);
    await fs.writeFile(file, await sharp(await fs.readFile(file)).linear(0.3, 0).jpeg({ quality: 90 }).toBuffer());
  }
  const ws = path.join(tmp, 'ws');
  expect((await winnow(['run', '--input', stream, '--workspace', ws, '--no-progress', '--stages', 'blur,darkness'])).code).toBe(0);
  const out = path.join(tmp, 'export');
  expect((await winnow(['export', '--workspace', ws, '--format', 'jsonl', '--out', out])).code).toBe(0);
  const rows = (await fs.readFile(path.join(out, 'cam.frames.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  const flagged = (stage: string) => rows.filter((r) => r[stage]?.flag).map((r) => r.frame_idx as number);
  expect(flagged('blur')).toEqual([...truth.blurred, ...blurRun].sort((a, b) => a - b));
  expect(flagged('darkness')).toEqual([...truth.dark, ...darkRun].sort((a, b) => a - b));
});
