// TypeScript compiles `import()` to `require()` under CommonJS; this keeps a real import(), so that ESM plugins load
// too. It is a file of its own, never bundled: the CLI runs its bundles (core's among them) from V8 code caches,
// where import() has no module loader, so they call this module's, which Node loaded itself.
export const dynamicImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;
