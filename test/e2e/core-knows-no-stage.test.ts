import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/cli';
import { bundledRegistry } from '../helpers/registry';

/** Source files of core (tests excluded), as text. */
async function coreSources(dir = path.join(ROOT, 'core/src')): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await coreSources(p)));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push({ file: path.relative(ROOT, p), text: await fs.readFile(p, 'utf8') });
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

test("core's source names no bundled stage and copies none of their fractional defaults (the report renders what stages declare)", async () => {
  const plugins = (await fs.readdir(path.join(ROOT, 'plugins'))).filter((p) => p.startsWith('stage-'));
  const registry = await bundledRegistry(plugins);
  const stages = registry.stages().map(({ stage }) => stage);
  expect(stages.map((s) => s.name)).toEqual(expect.arrayContaining(['blur', 'darkness', 'dedup', 'dedup-across', 'idle', 'select']));
  // A stage name as a word of its own (`select` excepted: an HTML element the page builds), and every default
  // of a stage's config that is not a whole number (whole numbers such as 10 or 300 are everywhere).
  const names = stages.map((s) => s.name).filter((n) => n !== 'select');
  const defaults = new Set<number>();
  for (const s of stages) for (const p of Object.values((s.config as { properties: Record<string, { default?: unknown }> }).properties)) if (typeof p.default === 'number' && !Number.isInteger(p.default)) defaults.add(p.default);
  expect([...defaults]).toEqual(expect.arrayContaining([0.45, 0.49, 3.4]));
  const found: string[] = [];
  for (const { file, text } of await coreSources()) {
    for (const n of names) if (new RegExp(`(?<![\\w-])${escape(n)}(?![\\w-])`).test(text)) found.push(`${file}: stage ${n}`);
    for (const d of defaults) if (new RegExp(`(?<![\\w.])${escape(String(d))}(?![\\w.])`).test(text)) found.push(`${file}: default ${d}`);
  }
  expect(found).toEqual([]);
});
