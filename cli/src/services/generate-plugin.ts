import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, WinnowError } from '@winnow/core';
import { API_VERSION } from '@winnow/sdk';
import { renderTemplates, templateDir, type PluginKind } from './plugin-templates';

export interface GenerateRequest {
  readonly kind: PluginKind;
  /** Stage or exporter name: lowercase letters, digits and dashes. */
  readonly name: string;
  readonly cwd: string;
  /** Target folder. @default plugins/<prefix>-<name> inside the monorepo; the current folder if empty; else ./<package dir> */
  readonly dir?: string;
  /** @default @winnow/stage-<name> (or export-) inside the monorepo, winnow-stage-<name> outside */
  readonly packageName?: string;
  readonly description?: string;
  /** Write into a folder that is not empty. @default false */
  readonly force?: boolean;
}

export interface GenerateResult {
  readonly kind: PluginKind;
  readonly name: string;
  readonly packageName: string;
  readonly dir: string;
  /** `monorepo`: a workspace of this repository (extends its tsconfig, workspace ranges); `standalone`: its own package. */
  readonly mode: 'monorepo' | 'standalone';
  readonly files: readonly string[];
  /** The root tsconfig.json the package was added to as a project reference (monorepo only). */
  readonly registeredIn: string | null;
  readonly next: readonly string[];
}

const NAME = /^[a-z][a-z0-9-]*$/;

/** Ranges a standalone package's tooling is pinned to: the ones this project builds and tests with on Node 20. */
const DEV_RANGES = { typescript: '~5.9.3', jest: '^30.2.0', tsJest: '^29.4.5', typesNode: '^20.19.0' };

/** Renders a complete stage or exporter package from the templates, inside this monorepo or standalone. */
export async function generatePlugin(req: GenerateRequest): Promise<GenerateResult> {
  if (!NAME.test(req.name)) {
    throw new WinnowError(ErrorCode.ConfigInvalid, `invalid ${req.kind} name ${JSON.stringify(req.name)}: use lowercase letters, digits and dashes, starting with a letter`, { suggestions: ['e.g. winnow generate stage my-metric'] });
  }
  const prefix = req.kind === 'stage' ? 'stage' : 'export';
  const explicit = req.dir ? path.resolve(req.cwd, req.dir) : null;
  const root = await monorepoRoot(explicit ?? req.cwd);
  const monorepo = root !== null && (explicit === null || path.dirname(explicit) === path.join(root, 'plugins'));
  const dir = explicit ?? (monorepo ? path.join(root as string, 'plugins', `${prefix}-${req.name}`) : (await isEmpty(req.cwd)) ? req.cwd : path.join(req.cwd, `winnow-${prefix}-${req.name}`));
  if (!req.force && !(await isEmpty(dir))) {
    throw new WinnowError(ErrorCode.ConfigInvalid, `${dir} exists and is not empty`, { suggestions: ['choose another --dir, or pass --force to write into it'] });
  }
  const packageName = req.packageName ?? (monorepo ? `@winnow/${prefix}-${req.name}` : `winnow-${prefix}-${req.name}`);
  const sdkVersion = versionOf('@winnow/sdk');
  const coreVersion = versionOf('@winnow/core');
  const camel = req.name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const data = {
    kind: req.kind,
    name: req.name,
    camel,
    pascal: camel.charAt(0).toUpperCase() + camel.slice(1),
    packageName,
    description: (req.description ?? (req.kind === 'stage' ? `Winnow stage ${req.name}: mean brightness per frame, flagged below a threshold.` : `Winnow export format ${req.name}: one CSV per stream.`)).replace(/["\\]/g, ''),
    monorepo,
    sdkRange: `^${sdkVersion}`,
    coreRange: `^${coreVersion}`,
    apiRange: `^${API_VERSION.split('.')[0]}.0.0`,
    tsconfigExtends: monorepo ? rel(dir, path.join(root as string, 'tsconfig.base.json')) : '',
    sdkReference: monorepo ? rel(dir, path.join(root as string, 'sdk')) : '',
    relDir: monorepo ? rel(root as string, dir) : '.',
    dev: DEV_RANGES,
  };
  await fs.mkdir(dir, { recursive: true });
  const files = await renderTemplates(templateDir(req.kind), dir, data);
  const registeredIn = monorepo ? await addReference(root as string, data.relDir) : null;
  const next = monorepo
    ? [`npm install   (from ${root}, links the new workspace)`, `npx tsc -b ${data.relDir}`, `winnow plugins link ${data.relDir} --no-install`, 'winnow stages']
    : [`cd ${dir}`, 'npm install', 'npm test', 'winnow plugins link . --no-install', 'winnow stages'];
  return { kind: req.kind, name: req.name, packageName, dir, mode: monorepo ? 'monorepo' : 'standalone', files, registeredIn, next };
}

/** The Winnow monorepo holding `from`: a package.json with `plugins/*` workspaces beside a tsconfig.base.json and sdk/. */
async function monorepoRoot(from: string): Promise<string | null> {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8')) as { workspaces?: unknown };
      if (Array.isArray(pkg.workspaces) && pkg.workspaces.includes('plugins/*') && existsSync(path.join(dir, 'tsconfig.base.json')) && existsSync(path.join(dir, 'sdk', 'package.json'))) return dir;
    } catch {
      // no package.json here: keep looking upwards
    }
    if (path.dirname(dir) === dir) return null;
  }
}

/** Adds the package to the root tsconfig.json's project references, so that `npx tsc -b` builds it. */
async function addReference(root: string, relDir: string): Promise<string | null> {
  const file = path.join(root, 'tsconfig.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
    const refs = (JSON.parse(text) as { references?: { path: string }[] }).references;
    if (!Array.isArray(refs)) return null;
    if (refs.some((r) => path.normalize(r.path) === path.normalize(relDir))) return file;
  } catch {
    return null;
  }
  const match = /("references"\s*:\s*\[)([\s\S]*?)(\s*\])/.exec(text);
  if (!match) return null;
  const entries = match[2].trimEnd();
  const indent = /\n(\s*)\{/.exec(match[2])?.[1] ?? '    ';
  const updated = `${match[1]}${entries}${entries.trim() ? ',' : ''}\n${indent}{ "path": "${relDir}" }${match[3]}`;
  await fs.writeFile(file, text.slice(0, match.index) + updated + text.slice(match.index + match[0].length));
  return file;
}

async function isEmpty(dir: string): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).filter((n) => n !== '.git').length === 0;
  } catch {
    return true;
  }
}

function versionOf(pkg: string): string {
  return (require(`${pkg}/package.json`) as { version: string }).version;
}

function rel(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}
