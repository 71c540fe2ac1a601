import { existsSync, promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ErrorCode, WinnowError } from '@winnow/core';

export type PluginKind = 'stage' | 'exporter';

type RenderFile = (file: string, data: Record<string, unknown>, options: Record<string, unknown>) => Promise<string>;

// ejs comes with @oclif/core (its own generator uses it): borrow that copy rather than add a dependency.
const ejs = createRequire(require.resolve('@oclif/core/package.json'))('ejs') as { renderFile: RenderFile };

/**
 * The template folder of a plugin kind: `cli/templates` in an installed CLI (copied there at pack time), the
 * monorepo's `templates/` when running from the repository.
 */
export function templateDir(kind: PluginKind): string {
  const cliRoot = path.resolve(__dirname, '../..');
  const candidates = [path.join(cliRoot, 'templates', kind), path.join(cliRoot, '..', 'templates', kind)];
  const hit = candidates.find((c) => existsSync(path.join(c, 'package.json.ejs')));
  if (!hit) throw new WinnowError(ErrorCode.ConfigLoad, `templates for "${kind}" not found (looked in ${candidates.join(', ')})`, { suggestions: ['reinstall the winnow CLI'] });
  return hit;
}

/**
 * Renders every file of a template folder into `outDir`: `.ejs` files are rendered and lose the suffix,
 * `gitignore` becomes `.gitignore`, `__name__` in a path becomes the plugin's name; files that render empty
 * are left out. Returns the written paths, relative to `outDir`.
 */
export async function renderTemplates(dir: string, outDir: string, data: Record<string, unknown> & { name: string }): Promise<string[]> {
  const written: string[] = [];
  for (const rel of await walk(dir, '')) {
    let target = rel.replace(/__name__/g, data.name);
    const isTemplate = target.endsWith('.ejs');
    if (isTemplate) target = target.slice(0, -'.ejs'.length);
    if (path.basename(target) === 'gitignore') target = path.join(path.dirname(target), '.gitignore');
    const content = isTemplate ? await ejs.renderFile(path.join(dir, rel), data, { async: true }) : await fs.readFile(path.join(dir, rel), 'utf8');
    if (content.trim() === '') continue;
    await fs.mkdir(path.join(outDir, path.dirname(target)), { recursive: true });
    await fs.writeFile(path.join(outDir, target), content);
    written.push(target.split(path.sep).join('/'));
  }
  return written.sort();
}

async function walk(root: string, rel: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...(await walk(root, r)));
    else out.push(r);
  }
  return out;
}
