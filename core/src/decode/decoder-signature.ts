import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { corePath } from '../core-path';
import { memoByState } from '../fs/state-memo';
import { packageRoot } from '../registry/code-files';
import { sha256Hex } from '../hashing/sha256';
import { loadSharp } from './load-sharp';

/**
 * The decoder's identity, part of the key of every stage that reads pixels: a new sharp or libvips can decode a
 * JPEG to different pixels. It is read from sharp itself, which loads libvips (~50 ms), then kept in
 * `runtimeDir` under a fingerprint of sharp's installed files (its package.json and every file of its native
 * `@img/*` packages: path, size, mtime, inode), so a run that decodes nothing (a rerun) does not load sharp,
 * and an upgrade or reinstall of either reads it again.
 */
export function decoderSignature(runtimeDir: string): Promise<Readonly<Record<string, string>>> {
  return memoByState(path.join(runtimeDir, 'decoder-signature.json'), sharpInstall(), () => {
    const { versions } = loadSharp();
    return { decoder: `sharp ${versions.sharp}; libvips ${versions.vips}` };
  }, isSignature);
}

const isSignature = (v: unknown): v is Record<string, string> => typeof (v as { decoder?: unknown } | null)?.decoder === 'string';

/** A digest of what sharp runs, from stats alone; null when its files cannot be found (then sharp is asked every time). */
function sharpInstall(): string | null {
  const root = packageRoot(corePath(), 'sharp');
  if (!root) return null;
  const files = [path.join(root, 'package.json')];
  for (const scope of [path.join(root, 'node_modules', '@img'), path.join(root, '..', '@img')]) {
    for (const pkg of entries(scope)) files.push(...walk(path.join(scope, pkg)));
  }
  const stats = files.map((f) => {
    const st = statSync(f, { throwIfNoEntry: false });
    return st ? `${f}:${st.size}:${st.mtimeMs}:${st.ino}` : `${f}:-`;
  });
  return files.length > 1 ? sha256Hex(stats.join('\n')) : null;
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}
