// Bundles core's per-file build (dist/index.js, from `tsc -b`) into dist/bundle.js, the package's entry point:
// one file instead of ~110 modules, each resolved, read and compiled on every command (~25 ms of a rerun).
// The per-file build stays beside it for what loads it by path: worker threads, GPU worker processes and
// `@winnow/core/catalog`. Run by `npm run build` (root), after tsc.
const path = require('node:path');
const { buildSync } = require('esbuild');
const pkg = require('../package.json');

/** Pure JavaScript that every `winnow run` loads: inlined. Other dependencies (native, WebAssembly, worker files, the shared SDK) stay packages. */
const INLINED = new Set(['semver']);
const external = ['@winnow/core', ...Object.keys(pkg.dependencies).filter((d) => !INLINED.has(d))].flatMap((d) => [d, `${d}/*`]);

buildSync({
  entryPoints: [path.join(__dirname, '../dist/index.js')],
  outfile: path.join(__dirname, '../dist/bundle.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external,
  sourcemap: true,
  logLevel: 'warning',
});
