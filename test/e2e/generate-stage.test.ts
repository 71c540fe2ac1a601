import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeStream, winnow } from '../helpers/cli';
import { npmOk, packWorkspaces } from '../helpers/npm';

// A third party's flow, outside the repository: generate, install (the SDK and core from packed tarballs, the
// rest from the npm registry), build, test (the conformance kit), link, list, run.
let tmp: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-generate-')));
  env = { WINNOW_DATA_DIR: path.join(tmp, 'data'), WINNOW_CONFIG_DIR: path.join(tmp, 'config'), WINNOW_CACHE_DIR: path.join(tmp, 'cache') };
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

test('a generated stage builds, passes its conformance test, links, lists and runs, with no edits', async () => {
  const pkg = path.join(tmp, 'my-metric');
  await fs.mkdir(pkg);
  const gen = await winnow(['generate', 'stage', 'my-metric', '--json'], { cwd: pkg, env });
  expect(gen.code).toBe(0);
  const result = JSON.parse(gen.stdout);
  expect(result).toMatchObject({ mode: 'standalone', dir: pkg, packageName: 'winnow-stage-my-metric', registeredIn: null });
  expect(result.files).toEqual(expect.arrayContaining(['package.json', 'tsconfig.json', 'README.md', 'src/my-metric-stage.ts', 'src/my-metric-config.ts', 'src/my-metric-stage.test.ts', 'src/hooks/stages.ts']));
  const manifest = JSON.parse(await fs.readFile(path.join(pkg, 'package.json'), 'utf8'));
  expect(manifest.oclif.hooks['winnow:stages']).toBe('./dist/hooks/stages');
  expect(manifest.winnow.apiVersion).toBe('^1.0.0');
  expect(manifest.peerDependencies['@winnow/core']).toBe('^0.1.0');
  expect(JSON.parse(await fs.readFile(path.join(pkg, 'tsconfig.json'), 'utf8')).extends).toBeUndefined();

  const tarballs = await packWorkspaces(['sdk', 'core'], tmp);
  await npmOk(['install', tarballs['@winnow/sdk'], tarballs['@winnow/core']], pkg);
  await npmOk(['test'], pkg); // tsc -b, then jest running the conformance kit

  const link = await winnow(['plugins', 'link', pkg, '--no-install'], { env });
  expect(link.code).toBe(0);
  const stages = await winnow(['stages', '--json'], { env });
  const listed = JSON.parse(stages.stdout);
  expect(listed.stages).toContainEqual(expect.objectContaining({ name: 'my-metric', plugin: 'winnow-stage-my-metric', kind: 'link', options: [expect.objectContaining({ flag: '--my-metric.threshold', default: 0.25 })] }));
  expect(listed.problems.filter((p: { plugin: string }) => p.plugin === 'winnow-stage-my-metric')).toEqual([]);

  const stream = path.join(tmp, 'stream_g');
  await makeStream(stream, ['--frames', '24', '--width', '160', '--height', '90']);
  const run = await winnow(['run', '--input', stream, '--workspace', path.join(tmp, 'ws'), '--stages', 'my-metric', '--my-metric.threshold', '0.3', '--json'], { env });
  expect(run.code).toBe(0);
  const summary = JSON.parse(run.stdout);
  expect(summary.state).toBe('SUCCEEDED');
  expect(summary.stages['my-metric'].computed).toBeGreaterThan(0);
  expect(Object.keys(summary.stages)).toEqual(['my-metric']);

  // The report shows what the generated stage declares, with no change to core: its finding and its timeline.
  const exported = path.join(tmp, 'export');
  expect((await winnow(['export', '--workspace', path.join(tmp, 'ws'), '--format', 'jsonl', '--out', exported], { env })).code).toBe(0);
  const rows = (await fs.readFile(path.join(exported, 'stream_g.frames.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  const flagged = rows.filter((r) => r['my-metric']?.flagged === true).length;
  const html = path.join(tmp, 'report.html');
  const report = await winnow(['report', '--workspace', path.join(tmp, 'ws'), '--out', html, '--json'], { env });
  expect(report.code).toBe(0);
  expect(JSON.parse(report.stdout).counts).toMatchObject({ frames: rows.length, 'my-metric': flagged });
  const page = await fs.readFile(html, 'utf8');
  expect(page).toContain('my-metric: mean brightness');
  expect(page).toContain('flagged below 0.3');
  expect(page).toContain(`data-key="my-metric" data-count="${flagged}"`);
}, 600_000);
