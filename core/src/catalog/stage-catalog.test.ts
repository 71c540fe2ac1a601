import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPlugins } from './run-plugins';
import { catalogFingerprint, readCachedCatalog, writeCachedCatalog, type CatalogPlugin, type CatalogStage, type StageCatalog } from './stage-catalog';

let tmp: string;
let plugin: CatalogPlugin;
let other: CatalogPlugin;

async function writePackage(root: string, name: string, deps: Record<string, string> = {}): Promise<void> {
  await fs.mkdir(path.join(root, 'dist/hooks'), { recursive: true });
  await fs.writeFile(path.join(root, 'package.json'), JSON.stringify({ name, version: '1.0.0', dependencies: deps }));
  await fs.writeFile(path.join(root, 'dist/hooks/stages.js'), 'module.exports = {};\n');
  await fs.writeFile(path.join(root, 'README.md'), 'docs');
}

const later = () => new Promise((r) => setTimeout(r, 20)); // past the file system's timestamp granularity

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-catalog-'));
  plugin = { name: '@acme/stage-a', version: '1.0.0', kind: 'link', root: path.join(tmp, 'stage-a') };
  other = { name: '@acme/stage-b', version: '1.0.0', kind: 'user', root: path.join(tmp, 'stage-b') };
  await writePackage(plugin.root, plugin.name, { '@winnow/shared-lib': '^1.0.0' });
  await writePackage(other.root, other.name);
  await writePackage(path.join(plugin.root, 'node_modules/@winnow/shared-lib'), '@winnow/shared-lib');
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe('catalogFingerprint', () => {
  it('is stable while nothing changes, whatever the order of the plugin list', async () => {
    expect(await catalogFingerprint([plugin, other])).toBe(await catalogFingerprint([other, plugin]));
  });

  it('changes when a code file is rewritten, even with the same size', async () => {
    const before = await catalogFingerprint([plugin, other]);
    await later();
    await fs.writeFile(path.join(other.root, 'dist/hooks/stages.js'), 'module.exports = {};\n');
    expect(await catalogFingerprint([plugin, other])).not.toBe(before);
  });

  it('changes when a @winnow library the plugin depends on changes, not when its docs do', async () => {
    const before = await catalogFingerprint([plugin]);
    await later();
    await fs.writeFile(path.join(plugin.root, 'README.md'), 'other docs');
    expect(await catalogFingerprint([plugin])).toBe(before);
    await fs.writeFile(path.join(plugin.root, 'node_modules/@winnow/shared-lib/dist/hooks/stages.js'), 'module.exports = { changed: true };\n');
    expect(await catalogFingerprint([plugin])).not.toBe(before);
  });

  it('looks only at what the package ships when its package.json lists plain `files`', async () => {
    const shipped: CatalogPlugin = { name: '@acme/stage-c', version: '1.0.0', kind: 'link', root: path.join(tmp, 'stage-c') };
    await writePackage(shipped.root, shipped.name);
    const pkg = path.join(shipped.root, 'package.json');
    await fs.writeFile(pkg, JSON.stringify({ ...JSON.parse(await fs.readFile(pkg, 'utf8')), files: ['dist', 'README.md'] }));
    await fs.mkdir(path.join(shipped.root, 'scripts'));
    await fs.writeFile(path.join(shipped.root, 'scripts/build.js'), '// build tooling\n');
    const before = await catalogFingerprint([shipped]);
    await later();
    await fs.writeFile(path.join(shipped.root, 'scripts/build.js'), '// other build tooling\n');
    expect(await catalogFingerprint([shipped])).toBe(before);
    await fs.writeFile(path.join(shipped.root, 'dist/hooks/stages.js'), 'module.exports = { v: 2 };\n');
    expect(await catalogFingerprint([shipped])).not.toBe(before);
  });

  it('changes when a plugin is added, removed, relinked elsewhere or updated', async () => {
    const base = await catalogFingerprint([plugin]);
    expect(await catalogFingerprint([plugin, other])).not.toBe(base);
    expect(await catalogFingerprint([{ ...plugin, root: other.root }])).not.toBe(base);
    expect(await catalogFingerprint([{ ...plugin, version: '1.0.1' }])).not.toBe(base);
    expect(await catalogFingerprint([{ ...plugin, kind: 'user' }])).not.toBe(base);
  });
});

describe('cached catalog', () => {
  const catalog: StageCatalog = { stages: [], exporters: [{ name: 'x', version: '1.0.0', plugin: 'p', kind: 'core', description: '' }], problems: [] };

  it('is returned only under the fingerprint it was saved with', async () => {
    const file = path.join(tmp, 'cache', 'stage-catalog.json');
    expect(await readCachedCatalog(file, 'f1')).toBeNull();
    await writeCachedCatalog(file, 'f1', catalog);
    expect(await readCachedCatalog(file, 'f1')).toEqual(catalog);
    expect(await readCachedCatalog(file, 'f2')).toBeNull();
    await fs.writeFile(file, '{ torn');
    expect(await readCachedCatalog(file, 'f1')).toBeNull();
  });
});

describe('runPlugins', () => {
  const stage = (name: string, plugin: string, inputs: string[], optIn = false): CatalogStage => ({ name, version: '1.0.0', plugin, pluginVersion: '1.0.0', kind: 'core', partition: 'batch', inputs, output: name, optIn, description: '', options: [] });
  const catalog: StageCatalog = {
    stages: [
      stage('blur-features', 'p-blur', ['frames']),
      stage('blur', 'p-blur', ['blur-features']),
      stage('darkness', 'p-dark', ['frames']),
      stage('dedup', 'p-dedup', ['frames']),
      stage('detector', 'p-detect', ['frames', 'blur', 'darkness'], true),
      stage('segmenter', 'p-segment', ['frames', 'detector'], true),
    ],
    exporters: [],
    problems: [],
  };

  it('takes the plugins of the requested stages and of every producer of their inputs', () => {
    expect(runPlugins(catalog, ['blur'], [])).toEqual(new Set(['p-blur']));
    expect(runPlugins(catalog, ['segmenter'], [])).toEqual(new Set(['p-segment', 'p-detect', 'p-blur', 'p-dark']));
  });

  it('takes every stage that is not opt-in when none is requested, and the stages whose options are given', () => {
    expect(runPlugins(catalog, [], [])).toEqual(new Set(['p-blur', 'p-dark', 'p-dedup']));
    expect(runPlugins(catalog, ['darkness'], ['detector'])).toEqual(new Set(['p-dark', 'p-detect', 'p-blur']));
  });

  it('gives up on a name the catalog does not know, so that the run loads everything and the planner reports it', () => {
    expect(runPlugins(catalog, ['nope'], [])).toBeNull();
  });
});
