import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { sweepTemps, tempName } from './temp-files';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-atomic-'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

test('writes through a temporary file in tmpDir and leaves none behind', async () => {
  const tmpDir = path.join(tmp, 'a', 'tmp');
  await writeFileAtomic(path.join(tmp, 'a', 'x', 'f.json'), '{"a":1}', tmpDir);
  expect(await fs.readFile(path.join(tmp, 'a', 'x', 'f.json'), 'utf8')).toBe('{"a":1}');
  expect(await fs.readdir(tmpDir)).toEqual([]);
});

test('a target on another file system than tmpDir (a linked folder) is still written atomically', async () => {
  const other = path.join(tmp, 'other');
  await fs.mkdir(other);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', other], { stdio: 'ignore' });
  } catch {
    console.warn('skipped: cannot mount a tmpfs here (needs root); the cross-file-system rename is not exercised');
    return;
  }
  try {
    await writeFileAtomic(path.join(other, 'f.bin'), Buffer.from([1, 2, 3]), path.join(tmp, 'tmp'));
    expect([...(await fs.readFile(path.join(other, 'f.bin')))]).toEqual([1, 2, 3]);
    expect((await fs.readdir(other)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  } finally {
    execFileSync('umount', ['-l', other]);
  }
});

test('sweepTemps removes the temporary files of dead writers of this host only', async () => {
  const dir = path.join(tmp, 'sweep');
  await fs.mkdir(dir);
  const mine = tempName();
  const dead = mine.replace(/^\d+/, '2147483646'); // no such pid
  const otherHost = dead.replace(/^(\d+)\.[0-9a-f]{8}/, '$1.00000000');
  for (const n of [mine, dead, otherHost, `.f.json.${dead}`, 'notes.txt']) await fs.writeFile(path.join(dir, n), 'x');
  expect(sweepTemps(dir).sort()).toEqual([`.f.json.${dead}`, dead].sort());
  expect((await fs.readdir(dir)).sort()).toEqual([mine, otherHost, 'notes.txt'].sort());
});
