import Module from 'node:module';

type NodeModule = InstanceType<typeof Module> & { loaded: boolean };

/**
 * Puts `file` in Node's require cache with exports that `load` makes when something first requires it: a module
 * still runs only when it is needed, but from where `load` takes it.
 */
export function provideLazily(file: string, load: () => unknown): void {
  if (require.cache[file]) return;
  const m = new Module(file) as NodeModule;
  m.filename = file;
  m.loaded = true;
  let exports: unknown;
  let made = false;
  Object.defineProperty(m, 'exports', {
    enumerable: true,
    get: () => {
      if (!made) [exports, made] = [load(), true];
      return exports;
    },
  });
  require.cache[file] = m;
}
