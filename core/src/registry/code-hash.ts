import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { blake3Hex } from '../hashing/blake3';

const CODE_FILE = /\.(?:c|m)?js$/;
const cache = new Map<string, Promise<string>>();

/**
 * Digest of a plugin's runtime code: every .js/.cjs/.mjs file under its root (node_modules excluded), by
 * relative path and content, plus the same digest of each `@winnow/*` library it depends on (shared code such
 * as `@winnow/fingerprint` changes results too). `@winnow/sdk` is left out: at run time it is identity
 * functions and types. Any change of the built code is a new cache key; docs and type declarations are not.
 */
export function codeHashOf(root: string): Promise<string> {
  let hit = cache.get(root);
  if (!hit) {
    hit = compute(root);
    cache.set(root, hit);
  }
  return hit;
}

async function compute(root: string): Promise<string> {
  const files = (await walk(root, root)).sort();
  const parts: string[] = [];
  for (const rel of files) parts.push(`${rel}\0${await blake3Hex(await fs.readFile(path.join(root, rel)))}`);
  const resolveFrom = createRequire(path.join(root, 'package.json'));
  for (const dep of await winnowLibraries(root)) parts.push(`dependency ${dep}\0${await codeHashOf(path.dirname(resolveFrom.resolve(`${dep}/package.json`)))}`);
  return blake3Hex(Buffer.from(parts.join('\n')));
}

async function winnowLibraries(root: string): Promise<string[]> {
  try {
    const pkg = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    return Object.keys(pkg.dependencies ?? {})
      .filter((d) => d.startsWith('@winnow/') && d !== '@winnow/sdk' && d !== '@winnow/core')
      .sort();
  } catch {
    return [];
  }
}

async function walk(root: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(root, full)));
    else if (CODE_FILE.test(e.name) && !e.name.includes('.test.')) out.push(path.relative(root, full).split(path.sep).join('/'));
  }
  return out;
}
