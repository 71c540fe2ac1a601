import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

let tmp: string;
let root: string;
let memo: string;

/** A fresh copy of the module: its in-process cache would otherwise answer every call after the first. */
function freshCodeHashOf(): (root: string, memoDir?: string) => Promise<string> {
  let fn!: (root: string, memoDir?: string) => Promise<string>;
  jest.isolateModules(() => {
    fn = (require('./code-hash') as typeof import('./code-hash')).codeHashOf;
  });
  return fn;
}

const later = () => new Promise((r) => setTimeout(r, 20)); // past the file system's timestamp granularity

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-code-hash-'));
  root = path.join(tmp, 'stage-a');
  memo = path.join(tmp, 'memo');
  await fs.mkdir(path.join(root, 'dist'), { recursive: true });
  await fs.writeFile(path.join(root, 'package.json'), JSON.stringify({ name: '@acme/stage-a', version: '1.0.0', files: ['dist'] }));
  await fs.writeFile(path.join(root, 'dist/index.js'), 'module.exports = 1;\n');
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe('codeHashOf with a memo folder', () => {
  it('gives the digest of the code, keeps it, and reads it back while no code file changed', async () => {
    const plain = await freshCodeHashOf()(root);
    expect(await freshCodeHashOf()(root, memo)).toBe(plain);
    const [file] = await fs.readdir(memo);
    const saved = JSON.parse(await fs.readFile(path.join(memo, file), 'utf8')) as { state: string; value: string };
    expect(saved.value).toBe(plain);
    // A memo hit reads no code file: a planted value under the same state is what comes back.
    const planted = 'f'.repeat(64);
    await fs.writeFile(path.join(memo, file), JSON.stringify({ ...saved, value: planted }));
    expect(await freshCodeHashOf()(root, memo)).toBe(planted);
    // A value that is not a digest is not trusted.
    await fs.writeFile(path.join(memo, file), JSON.stringify({ ...saved, value: 'garbage' }));
    expect(await freshCodeHashOf()(root, memo)).toBe(plain);
  });

  it('computes again when a code file is rebuilt, even to the same size', async () => {
    const before = await freshCodeHashOf()(root, memo);
    await later();
    await fs.writeFile(path.join(root, 'dist/index.js'), 'module.exports = 2;\n');
    const after = await freshCodeHashOf()(root, memo);
    expect(after).not.toBe(before);
    expect(after).toBe(await freshCodeHashOf()(root));
  });
});
