import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

type NodeModule = InstanceType<typeof Module> & { loaded: boolean; paths: string[] };
type ModuleStatics = typeof Module & { _nodeModulePaths?: (dir: string) => string[] };

/** Where V8's code caches go: the user's own folder in the temporary folder, as Node 22 keeps its compile cache. */
const CACHE_DIR = path.join(tmpdir(), `winnow-compile-cache-${process.getuid?.() ?? 'user'}`);

/**
 * Whether the cache folder is this user's alone: a code cache is code, so one that another user could have put
 * there is never run (nor is one written into a folder they could read it from and replace). Windows' temporary
 * folder is per user.
 */
function cacheDirIsPrivate(): boolean {
  if (process.platform === 'win32') return true;
  try {
    const st = lstatSync(CACHE_DIR);
    return st.isDirectory() && st.uid === process.getuid?.() && (st.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/**
 * Requires a large CommonJS file (a bundle) with a V8 code cache: a command's start-up skips parsing what it ran
 * last time. The cache is kept in the user's private folder in the temporary folder, one file per bundle path,
 * Node version, architecture and `variant` (the command: each compiles other functions while it runs), and holds
 * the SHA-256 of the text it was made from: a rebuilt bundle replaces its cache rather than adding one. It is
 * written when the process exits, so that it holds the functions the command compiled while it ran. A missing,
 * stale or rejected cache costs only the normal compile. `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as it does
 * Node's own. The file must not call import() itself (a script run by `vm` has no module loader): it can call a
 * function of a module that Node loaded.
 */
export function requireCached(file: string, variant = ''): unknown {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return require(file);
  const data = readFileSync(file);
  // An ASCII file (the bundles are) is decoded without UTF-8's validation.
  const text = data.toString(isAscii(data) ? 'latin1' : 'utf8');
  const textHash = createHash('sha256').update(data).digest();
  const cacheFile = path.join(CACHE_DIR, `${createHash('sha256').update(`${file}\0${process.version}\0${process.arch}\0${variant}`).digest('hex').slice(0, 40)}.bin`);
  const cachedData = readCache(cacheFile, textHash);
  const script = new vm.Script(Module.wrap(text), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => saveCache(cacheFile, textHash, script));
  const m = new Module(file, module) as NodeModule;
  m.filename = file;
  // What `module.paths` says in a module Node loaded (the file's own `require` resolves without it).
  m.paths = (Module as ModuleStatics)._nodeModulePaths?.(path.dirname(file)) ?? [];
  require.cache[file] = m;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  try {
    wrapper.call(m.exports, m.exports, Module.createRequire(file), m, file, path.dirname(file));
  } catch (e) {
    // As Node does: a module that threw while loading is not kept, so requiring it again runs it again.
    delete require.cache[file];
    throw e;
  }
  m.loaded = true;
  return m.exports;
}

/** The V8 data of a cache made from text of this hash, or undefined. */
function readCache(cacheFile: string, textHash: Buffer): Buffer | undefined {
  if (!cacheDirIsPrivate()) return undefined;
  try {
    const data = readFileSync(cacheFile);
    return data.subarray(0, textHash.length).equals(textHash) ? data.subarray(textHash.length) : undefined;
  } catch {
    return undefined;
  }
}

function saveCache(cacheFile: string, textHash: Buffer, script: vm.Script): void {
  try {
    mkdirSync(CACHE_DIR, { recursive: true, mode: 0o700 });
    if (!cacheDirIsPrivate()) return;
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([textHash, script.createCachedData()]), { mode: 0o600 });
    renameSync(tmp, cacheFile);
  } catch {
    // A cache that cannot be written (read-only or full temporary folder) only means the next start compiles again.
  }
}
