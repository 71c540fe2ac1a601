// TypeScript compiles `import()` to `require()` under CommonJS; this keeps a real import(), in a module that Node
// loads itself, for the bundle that runs from a V8 code cache (where import() has no loader of its own).
export const dynamicImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;
