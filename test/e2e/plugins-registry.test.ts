import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, makeStream, winnow, type CliResult } from '../helpers/cli';
import { npmOk, packWorkspaces } from '../helpers/npm';
import { startRegistry, verdaccioUnavailable, type LocalRegistry } from '../helpers/verdaccio';
import { API_VERSION } from '@winnow/sdk';

const REFUSED = new RegExp(`plugin @winnow-test/stage-incompatible@2\\.0\\.0 requires Winnow API \\^2\\.0\\.0, but this host provides ${API_VERSION.replaceAll('.', '\\.')}`);

// Installs a stage plugin by name from a real npm registry (verdaccio on loopback, storage in a temp folder) into a
// fresh CLI data dir, runs it, updates it, links beside it, refuses incompatible and broken plugins, uninstalls it.
const unavailable = verdaccioUnavailable();
if (unavailable) console.warn(`plugins-registry: skipped: ${unavailable}`);
const suite = unavailable ? describe.skip : describe;

const HELLO = path.join(ROOT, 'test/fixtures/stage-hello');
const FIXTURES = path.join(ROOT, 'test/fixtures');

suite('plugins from a registry', () => {
  let tmp: string;
  let registry: LocalRegistry;
  let env: NodeJS.ProcessEnv;
  let stream: string;

  const cli = (args: readonly string[]): Promise<CliResult> => winnow(args, { env });
  const stagesJson = async () => {
    const r = await cli(['stages', '--json']);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as { stages: { name: string; plugin: string; pluginVersion: string; kind: string }[]; problems: { plugin: string; code: string; message: string }[] };
  };
  const runHello = async (ws: string) => {
    const r = await cli(['run', '--input', stream, '--workspace', path.join(tmp, ws), '--stages', 'hello', '--json']);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as { state: string; stages: Record<string, { computed: number }> };
  };

  beforeAll(async () => {
    tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-registry-')));
    registry = await startRegistry(path.join(tmp, 'registry'));
    const data = path.join(tmp, 'data');
    await fs.mkdir(data, { recursive: true });
    // plugin-plugins runs npm in the data dir: its .npmrc sends @winnow/* to the local registry, the rest to npm's.
    await fs.copyFile(registry.npmrc, path.join(data, '.npmrc'));
    env = { WINNOW_DATA_DIR: data, WINNOW_CONFIG_DIR: path.join(tmp, 'config'), WINNOW_CACHE_DIR: path.join(tmp, 'cache') };
    const tarballs = await packWorkspaces(['sdk'], tmp);
    await registry.publish(tarballs['@winnow/sdk']);
    await registry.publish(HELLO);
    stream = path.join(tmp, 'stream_r');
    await makeStream(stream, ['--frames', '24', '--width', '160', '--height', '90']);
  }, 300_000);

  afterAll(async () => {
    await registry?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test('install by name, list, run; update to a new version', async () => {
    const started = performance.now();
    const install = await cli(['plugins', 'install', '@winnow/stage-hello']);
    const installMs = Math.round(performance.now() - started);
    expect(install.stderr).not.toMatch(/error/i);
    expect(install.code).toBe(0);
    console.log(`plugins-registry: install from the local registry took ${installMs} ms`);

    let listed = await stagesJson();
    expect(listed.stages).toContainEqual(expect.objectContaining({ name: 'hello', plugin: '@winnow/stage-hello', pluginVersion: '1.0.0', kind: 'user' }));
    expect(listed.problems.filter((p) => p.plugin === '@winnow/stage-hello')).toEqual([]);
    const first = await runHello('ws-1');
    expect(first.state).toBe('SUCCEEDED');
    expect(first.stages.hello.computed).toBeGreaterThan(0);

    // A new version on the registry; `plugins update` picks it up.
    const next = path.join(tmp, 'stage-hello-1.1.0');
    await fs.cp(HELLO, next, { recursive: true });
    const pkg = JSON.parse(await fs.readFile(path.join(next, 'package.json'), 'utf8'));
    await fs.writeFile(path.join(next, 'package.json'), JSON.stringify({ ...pkg, version: '1.1.0' }, null, 2));
    await registry.publish(next);
    const update = await cli(['plugins', 'update']);
    expect(update.code).toBe(0);
    listed = await stagesJson();
    expect(listed.stages).toContainEqual(expect.objectContaining({ name: 'hello', pluginVersion: '1.1.0', kind: 'user' }));
    // The stage's version is part of its cache key: the update recomputes.
    expect((await runHello('ws-1')).stages.hello.computed).toBeGreaterThan(0);
  });

  test('an incompatible plugin and a broken plugin are refused by name; every other plugin keeps working', async () => {
    for (const f of ['stage-incompatible', 'stage-broken']) expect((await cli(['plugins', 'link', path.join(FIXTURES, f), '--no-install'])).code).toBe(0);
    const listed = await stagesJson();
    const messages = listed.problems.map((p) => p.message);
    expect(messages).toContainEqual(expect.stringMatching(REFUSED));
    expect(messages).toContainEqual(expect.stringMatching(/plugin @winnow-test\/stage-broken@1\.0\.0 failed to load: cannot load native module/));
    expect(listed.stages.map((s) => s.name)).toEqual(expect.arrayContaining(['hello', 'blur', 'darkness']));
    expect(listed.stages.map((s) => s.name)).not.toContain('future-metric');

    const run = await cli(['run', '--input', stream, '--workspace', path.join(tmp, 'ws-2'), '--stages', 'hello', '--no-progress']);
    expect(run.code).toBe(0);
    expect(run.stderr.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ')).toMatch(REFUSED);

    for (const f of ['@winnow-test/stage-incompatible', '@winnow-test/stage-broken']) expect((await cli(['plugins', 'uninstall', f])).code).toBe(0);
    expect((await stagesJson()).problems.filter((p) => p.plugin.startsWith('@winnow-test/'))).toEqual([]);
  });

  test('a linked plugin overrides the installed one; uninstall removes them', async () => {
    const local = path.join(tmp, 'stage-hello-dev');
    await fs.cp(HELLO, local, { recursive: true });
    const pkg = JSON.parse(await fs.readFile(path.join(local, 'package.json'), 'utf8'));
    await fs.writeFile(path.join(local, 'package.json'), JSON.stringify({ ...pkg, version: '1.2.0-dev' }, null, 2));
    await fs.symlink(path.join(ROOT, 'node_modules'), path.join(local, 'node_modules')); // its @winnow/sdk, as `npm install` would give it
    const started = performance.now();
    expect((await cli(['plugins', 'link', local, '--no-install'])).code).toBe(0);
    console.log(`plugins-registry: link took ${Math.round(performance.now() - started)} ms`);
    let hello = (await stagesJson()).stages.filter((s) => s.name === 'hello');
    expect(hello).toEqual([expect.objectContaining({ pluginVersion: '1.2.0-dev', kind: 'link' })]);
    expect((await runHello('ws-3')).state).toBe('SUCCEEDED');

    expect((await cli(['plugins', 'uninstall', '@winnow/stage-hello'])).code).toBe(0);
    hello = (await stagesJson()).stages.filter((s) => s.name === 'hello');
    if (hello.length > 0) {
      // The link went first; the installed copy is uninstalled by a second call.
      expect(hello).toEqual([expect.objectContaining({ kind: 'user' })]);
      expect((await cli(['plugins', 'uninstall', '@winnow/stage-hello'])).code).toBe(0);
    }
    const after = await stagesJson();
    expect(after.stages.map((s) => s.name)).not.toContain('hello');
    expect(after.stages.map((s) => s.name)).toEqual(expect.arrayContaining(['blur', 'darkness']));
    const plugins = await cli(['plugins', '--json']);
    expect((JSON.parse(plugins.stdout) as { type: string; name: string }[]).filter((p) => p.type !== 'core').map((p) => p.name)).toEqual([]);
  });

  test('npm itself sees the packages on the local registry', async () => {
    const out = await npmOk(['view', '@winnow/stage-hello', 'versions', '--json', '--userconfig', registry.npmrc], tmp);
    expect(JSON.parse(out)).toEqual(['1.0.0', '1.1.0']);
  });
});
