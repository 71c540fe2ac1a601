import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkspaceLayout } from '../workspace/layout';
import { readCatalog } from './ingest-stream';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-catalog-read-'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

const frame = (index: number, name: string) => ({ index, path: name, blake3: 'ab'.repeat(32), width: 4, height: 3, error: null, size: 10, format: 'jpeg', stat: { size: 10, mtimeNs: '1', ctimeNs: '2', ino: 3 } });

test.each([
  ['ASCII names (read as latin1)', ['image_0.jpg', 'image_1.jpg']],
  ['non-ASCII names (read as UTF-8)', ['bild_0_straße.jpg', 'кадр_1.jpg', 'フレーム_2.jpg']],
])('readCatalog reads back every frame of a catalog with %s', async (_what, names) => {
  const layout = new WorkspaceLayout(path.join(tmp, names[0]));
  const frames = names.map((n, i) => frame(i, n));
  await fs.mkdir(layout.stream('s'), { recursive: true });
  await fs.writeFile(path.join(layout.stream('s'), 'stream.json'), JSON.stringify({ id: 's', name: 'ü' }));
  await fs.writeFile(path.join(layout.stream('s'), 'frames.jsonl'), frames.map((f) => JSON.stringify(f) + '\n').join(''));
  const catalog = await readCatalog(layout, 's');
  expect(catalog?.frames).toEqual(frames);
  expect(catalog?.stream.name).toBe('ü');
});

test('readCatalog gives null for a stream never catalogued', async () => {
  expect(await readCatalog(new WorkspaceLayout(path.join(tmp, 'none')), 'missing')).toBeNull();
});
