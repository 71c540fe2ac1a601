import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The boot code changes how Node loads modules: each check runs in a fresh process, on the built CLI.
const CLI = path.resolve(__dirname, '../..');
const BOOT = path.join(CLI, 'dist/boot');

function node(script: string, env: NodeJS.ProcessEnv = {}): unknown {
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: CLI, env: { ...process.env, ...env }, encoding: 'utf8' }));
}

// A fresh temporary folder per test (the child processes' TMPDIR, so their code caches stay in it).
let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'winnow-boot-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('oclif from its one-file build', () => {
  const subpaths = Object.keys(require('@oclif/core/package.json').exports as Record<string, unknown>).filter((e) => e !== './package.json');
  const describeExports = `
    const id = (e) => (e === '.' ? '@oclif/core' : '@oclif/core/' + e.slice(2));
    const out = { names: {} };
    for (const e of ${JSON.stringify(subpaths)}) out.names[e] = Object.keys(require(id(e))).sort();
    out.oneCopy = require('@oclif/core').Config === require('@oclif/core/config').Config && require('@oclif/core').Command === require('@oclif/core/command').Command;
  `;

  test('every entry point @oclif/core exports comes from the bundle, with the same names, and there is one copy of oclif', () => {
    const bundled = node(`
      require(${JSON.stringify(BOOT)}).prepareStart(['test']);
      ${describeExports}
      const { files } = require(${JSON.stringify(path.join(CLI, 'dist/oclif-core.js'))});
      out.fromBundle = ${JSON.stringify(subpaths)}.every((e) => Object.values(files).includes(require(id(e))));
      process.stdout.write(JSON.stringify(out));
    `) as { names: unknown; oneCopy: boolean; fromBundle: boolean };
    const plain = node(`${describeExports} process.stdout.write(JSON.stringify(out));`) as { names: unknown };
    expect(bundled.fromBundle).toBe(true);
    expect(bundled.oneCopy).toBe(true);
    expect(bundled.names).toEqual(plain.names);
  });
});

describe('core from its code cache', () => {

  test('imports an ESM plugin, with and without a cache (import() goes through core/dynamic-import)', () => {
    const hook = path.join(dir, 'stages.mjs');
    writeFileSync(hook, "export default function () { return { apiVersion: '^1.0.0', stages: [] }; }\n");
    const script = `
      require(${JSON.stringify(BOOT)}).prepareStart(['test']);
      require('@winnow/core').loadContribution(${JSON.stringify(hook)}).then((c) => process.stdout.write(JSON.stringify(c)));
    `;
    for (let i = 0; i < 2; i++) expect(node(script, { TMPDIR: dir })).toEqual({ apiVersion: '^1.0.0', stages: [] });
    expect(readdirSync(dir).filter((n) => n.startsWith('winnow-compile-cache-'))).toHaveLength(1);
  });
});

describe('requireCached', () => {

  const load = (file: string, env: NodeJS.ProcessEnv = {}) =>
    node(`const m = require(${JSON.stringify(BOOT + '/code-cache.js')}).requireCached(${JSON.stringify(file)}, 'test'); process.stdout.write(JSON.stringify(m.value()));`, { TMPDIR: dir, ...env });
  const cacheDir = () => path.join(dir, readdirSync(dir).find((n) => n.startsWith('winnow-compile-cache-')) ?? 'none');
  const caches = () => {
    try {
      return readdirSync(cacheDir());
    } catch {
      return [];
    }
  };

  test('writes a cache at exit, reuses it, and never runs a stale one (same length, other text)', () => {
    const file = path.join(dir, 'bundle.js');
    writeFileSync(file, "exports.value = () => ({ n: 1, s: 'caf\\u00e9' });\n");
    expect(load(file)).toEqual({ n: 1, s: 'café' });
    expect(caches()).toHaveLength(1);
    const cache = path.join(cacheDir(), caches()[0]);
    const written = statSync(cache).mtimeMs;
    expect(load(file)).toEqual({ n: 1, s: 'café' });
    expect(statSync(cache).mtimeMs).toBe(written);
    // V8 checks a cache against the source's length only: the text's own hash must catch this.
    writeFileSync(file, "exports.value = () => ({ n: 2, s: 'caf\\u00e9' });\n");
    expect(load(file)).toEqual({ n: 2, s: 'café' });
    expect(caches()).toHaveLength(1);
  });

  test('a cache folder that other users can write is neither read nor written', () => {
    const file = path.join(dir, 'bundle.js');
    writeFileSync(file, 'exports.value = () => 4;\n');
    const shared = path.join(dir, `winnow-compile-cache-${process.getuid?.()}`);
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    expect(load(file)).toBe(4);
    expect(readdirSync(shared)).toEqual([]);
  });

  test('NODE_DISABLE_COMPILE_CACHE loads the file plainly and writes nothing', () => {
    const file = path.join(dir, 'bundle.js');
    writeFileSync(file, 'exports.value = () => 3;\n');
    expect(load(file, { NODE_DISABLE_COMPILE_CACHE: '1' })).toBe(3);
    expect(caches()).toEqual([]);
  });
});
