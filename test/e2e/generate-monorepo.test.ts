import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { winnow } from '../helpers/cli';

// Inside a Winnow-shaped monorepo `generate` writes a workspace package that follows the project's own plugins;
// the rendering and detection are checked here on a skeleton repository (the full build flow is in generate-stage).
let repo: string;

beforeAll(async () => {
  repo = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-monorepo-')));
  await fs.mkdir(path.join(repo, 'sdk'), { recursive: true });
  await fs.mkdir(path.join(repo, 'plugins'), { recursive: true });
  await fs.writeFile(path.join(repo, 'package.json'), JSON.stringify({ name: 'x', private: true, workspaces: ['sdk', 'core', 'cli', 'plugins/*'] }));
  await fs.writeFile(path.join(repo, 'sdk/package.json'), JSON.stringify({ name: '@winnow/sdk', version: '0.1.0' }));
  await fs.writeFile(path.join(repo, 'tsconfig.base.json'), '{}');
  await fs.writeFile(path.join(repo, 'tsconfig.json'), '{\n  "files": [],\n  "references": [\n    { "path": "sdk" },\n    { "path": "cli" }\n  ]\n}\n');
});
afterAll(() => fs.rm(repo, { recursive: true, force: true }));

test('generate stage inside the monorepo writes plugins/stage-NAME as a workspace and adds it to the build', async () => {
  const r = await winnow(['generate', 'stage', 'sky-ratio', '--json'], { cwd: path.join(repo, 'plugins') });
  expect(r.code).toBe(0);
  const result = JSON.parse(r.stdout);
  const dir = path.join(repo, 'plugins/stage-sky-ratio');
  expect(result).toMatchObject({ mode: 'monorepo', dir, packageName: '@winnow/stage-sky-ratio', registeredIn: path.join(repo, 'tsconfig.json') });
  expect(result.files).not.toContain('jest.config.js'); // the root jest config runs plugins/*/src/**/*.test.ts
  const tsconfig = JSON.parse(await fs.readFile(path.join(dir, 'tsconfig.json'), 'utf8'));
  expect(tsconfig).toMatchObject({ extends: '../../tsconfig.base.json', references: [{ path: '../../sdk' }] });
  const pkg = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8'));
  expect(pkg).toMatchObject({ dependencies: { '@winnow/sdk': '^0.1.0' }, devDependencies: { '@winnow/core': '^0.1.0' }, scripts: { prepack: 'oclif manifest' }, winnow: { apiVersion: '^1.0.0', stages: ['sky-ratio'] } });
  expect(pkg.devDependencies.jest).toBeUndefined();
  expect(await fs.readFile(path.join(dir, 'src/sky-ratio-stage.ts'), 'utf8')).toContain("export const skyRatioStage = defineStage({\n  name: 'sky-ratio',");
  const root = JSON.parse(await fs.readFile(path.join(repo, 'tsconfig.json'), 'utf8'));
  expect(root.references).toEqual([{ path: 'sdk' }, { path: 'cli' }, { path: 'plugins/stage-sky-ratio' }]);
});

test('generate exporter writes an exporter package; a second run into the same folder is refused', async () => {
  const r = await winnow(['generate', 'exporter', 'my-csv', '--json'], { cwd: repo });
  expect(r.code).toBe(0);
  const dir = path.join(repo, 'plugins/export-my-csv');
  expect(JSON.parse(r.stdout)).toMatchObject({ mode: 'monorepo', dir, packageName: '@winnow/export-my-csv' });
  const pkg = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8'));
  expect(pkg.winnow).toEqual({ apiVersion: '^1.0.0', exporters: ['my-csv'] });
  expect(await fs.readFile(path.join(dir, 'src/hooks/stages.ts'), 'utf8')).toContain('exporters: [myCsvExporter]');

  const again = await winnow(['generate', 'exporter', 'my-csv', '--json'], { cwd: repo });
  expect(again.code).not.toBe(0);
  expect(JSON.parse(again.stdout).error.message).toMatch(/export-my-csv exists and is not empty/);
});

test('a standalone folder gets its own tsconfig and tooling; bad names are refused', async () => {
  const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-standalone-'));
  try {
    const r = await winnow(['generate', 'stage', 'my-metric', '--json'], { cwd: outside });
    expect(JSON.parse(r.stdout)).toMatchObject({ mode: 'standalone', packageName: 'winnow-stage-my-metric' });
    const pkg = JSON.parse(await fs.readFile(path.join(outside, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['typescript', 'jest', 'ts-jest', '@winnow/core']));
    expect(JSON.parse(await fs.readFile(path.join(outside, 'tsconfig.json'), 'utf8')).compilerOptions.strict).toBe(true);
    const bad = await winnow(['generate', 'stage', 'My_Metric', '--json'], { cwd: outside });
    expect(bad.code).not.toBe(0);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'WINNOW_CONFIG_INVALID', message: expect.stringContaining('invalid stage name "My_Metric"') });
  } finally {
    await fs.rm(outside, { recursive: true, force: true });
  }
});
