import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ArtifactStore } from '../store/artifact-store';
import { WorkspaceLayout } from '../workspace/layout';
import { CATALOG_MEDIA_TYPE, encodeCatalog, parseCatalog } from './catalog-file';
import type { CatalogFrame, StreamRecord } from './catalog';
import { readCatalog } from './ingest-stream';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-catalog-read-'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

const frame = (index: number, name: string): CatalogFrame => ({ index, path: name, blake3: 'ab'.repeat(32), width: 4, height: 3, error: null, size: 10, format: 'jpeg', stat: { size: 10, mtimeNs: '1', ctimeNs: '2', ino: 3 } });

async function store(layout: WorkspaceLayout, frames: readonly CatalogFrame[]): Promise<string> {
  const digest = await new ArtifactStore(layout).put(encodeCatalog(frames), CATALOG_MEDIA_TYPE, { stage: 'ingest', version: 'v2' });
  await fs.mkdir(layout.stream('s'), { recursive: true });
  await fs.writeFile(path.join(layout.stream('s'), 'stream.json'), JSON.stringify({ stream: { id: 's', name: 'ü' } as StreamRecord, catalog: digest }));
  return digest;
}

test.each([
  ['ASCII names (read as latin1)', ['image_0.jpg', 'image_1.jpg']],
  ['non-ASCII names (read as UTF-8)', ['bild_0_straße.jpg', 'кадр_1.jpg', 'フレーム_2.jpg']],
])('readCatalog reads back every frame of a catalog with %s', async (_what, names) => {
  const layout = new WorkspaceLayout(path.join(tmp, names[0]));
  const frames = names.map((n, i) => frame(i, n));
  const digest = await store(layout, frames);
  const catalog = await readCatalog(layout, 's');
  expect(catalog?.frames).toEqual(frames);
  expect(catalog?.stream.name).toBe('ü');
  expect(catalog?.digest).toBe(digest);
});

test('readCatalog gives null for a stream never catalogued', async () => {
  expect(await readCatalog(new WorkspaceLayout(path.join(tmp, 'none')), 'missing')).toBeNull();
});

test('a catalog edited in place (valid JSON, a zeroed digest) fails its digest check and is set aside', async () => {
  const layout = new WorkspaceLayout(path.join(tmp, 'edited'));
  const digest = await store(layout, [frame(0, 'image_0.jpg'), frame(1, 'image_1.jpg')]);
  const file = path.join(layout.artifactDir(digest), 'artifact.bin');
  await fs.writeFile(file, encodeCatalog([{ ...frame(0, 'image_0.jpg'), blake3: 'cd'.repeat(32) }, frame(1, 'image_1.jpg')]));
  await expect(readCatalog(layout, 's')).rejects.toMatchObject({ code: 'WINNOW_ARTIFACT_CORRUPT', message: expect.stringContaining(digest) });
  await expect(fs.access(file)).rejects.toMatchObject({ code: 'ENOENT' }); // set aside: the next run reads the stream again
  expect(await fs.readdir(layout.quarantine)).toHaveLength(1);
});

test.each([
  ['not JSON', '{"index":0,', 'line 1: not JSON (Expected double-quoted property name in JSON at position 11)'],
  ['a zeroed BLAKE3', JSON.stringify({ ...frame(0, 'a.jpg'), blake3: '0'.repeat(64) }), 'line 1: blake3 is all zeros'],
  ['a width that is not a size', JSON.stringify({ ...frame(0, 'a.jpg'), width: -3 }), 'line 1: width -3 is not a size in pixels'],
  ['frames out of order', [JSON.stringify(frame(3, 'a.jpg')), JSON.stringify(frame(2, 'b.jpg'))].join('\n'), 'line 2: index 2 is out of order (after 3)'],
  ['a pending frame', JSON.stringify({ ...frame(0, 'a.jpg'), pending: true }), 'line 1: a frame that was never read'],
  ['a path with a folder', JSON.stringify(frame(0, '../x.jpg')), 'line 1: path "../x.jpg" is not a file name'],
])('a catalog record with %s is a WINNOW_CATALOG_CORRUPT error naming the catalog and the line', (_what, text, problem) => {
  expect(() => parseCatalog(Buffer.from(text + '\n'), 'c1 of stream s')).toThrow(expect.objectContaining({ code: 'WINNOW_CATALOG_CORRUPT', message: `catalog c1 of stream s, ${problem}` }));
});

test('an unreadable frame keeps its error and an empty digest', () => {
  const bad = { ...frame(0, 'a.jpg'), blake3: '', width: null, height: null, error: { code: 'FRAME_NOT_A_FILE', message: 's/a.jpg: is a FIFO (named pipe), not an image file' } };
  expect(parseCatalog(encodeCatalog([bad]), 'c')).toEqual([bad]);
});
