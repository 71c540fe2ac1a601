// Bundles a package's per-file build (from `tsc -b`) into one file with a source map to its TypeScript:
//   node core/scripts/bundle.js <entry> <outfile> [pure-JS dependencies to inline, comma-separated]
// run from the package's folder (its `npm run bundle`, part of the root `npm run build`). Core's ~110 modules,
// each resolved, read and compiled on every command, cost a rerun ~25 ms; one file loads in a fraction of that.
// (The stage plugins' dozen modules each were bundled the same way and measured: no gain in a whole rerun.)
// Dependencies stay packages (native code, WebAssembly, worker files, and the one shared copy of every @winnow/*
// package), except those named to inline.
const path = require('node:path');
const { build } = require('esbuild');

const [entry, outfile, inline = ''] = process.argv.slice(2);
if (!entry || !outfile) throw new Error('usage: node core/scripts/bundle.js <entry> <outfile> [inline,...]');
const pkg = require(path.resolve('package.json'));
const inlined = new Set(inline.split(',').filter(Boolean));
const dependencies = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies }).filter((d) => !inlined.has(d));
const external = ['@winnow/*', ...dependencies.flatMap((d) => [d, `${d}/*`])];

// dist/dynamic-import.js stays a file of its own (see src/dynamic-import.ts): the bundle requires it beside itself.
const ownFile = path.resolve(path.dirname(entry), 'dynamic-import.js');
const keepDynamicImport = {
  name: 'keep-dynamic-import',
  setup(b) {
    b.onResolve({ filter: /dynamic-import$/ }, (args) => {
      if (path.resolve(args.resolveDir, `${args.path}.js`) !== ownFile) return undefined;
      return { path: `./${path.relative(path.dirname(outfile), ownFile).split(path.sep).join('/')}`, external: true };
    });
  },
};

build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external, sourcemap: true, logLevel: 'warning', plugins: [keepDynamicImport] }).catch(() =>
  process.exit(1),
);
