// Bundles @oclif/core (every entry point its package.json exports, with their dependencies) into one file,
// dist/oclif-core.js, that bin/run.js puts in Node's require cache under the package's own file names (see
// src/boot/oclif-bundle.ts). Loading oclif's ~300 modules one by one costs every command ~75 ms, most of it
// resolving, reading and wrapping files; one file loads in about half of that. There is still one copy of oclif
// in the process: the CLI, its commands and every plugin that requires @oclif/core get these same objects.
// Run from cli/ (its `npm run bundle`, part of the root `npm run build`).
const fs = require('node:fs');
const path = require('node:path');
const { build } = require('esbuild');

const root = path.dirname(require.resolve('@oclif/core/package.json'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const targets = [...new Set(Object.values(pkg.exports).filter((t) => typeof t === 'string' && t.endsWith('.js')))];
const entry = [
  `exports.version = ${JSON.stringify(pkg.version)};`,
  // Where the bundle found the installed package (its banner resolves it once, for every module's __dirname).
  'exports.root = __oclifRoot;',
  // Getters: a module runs when something first requires it, as it would unbundled.
  'exports.files = {',
  ...targets.map((t) => `  get ${JSON.stringify(path.posix.normalize(t))}() { return require(${JSON.stringify(path.join(root, t))}); },`),
  '};',
].join('\n');

// oclif reads files beside its own modules (its package.json, ts-node's fallback root): each bundled module of
// @oclif/core keeps its own __dirname, found at run time from where the package is installed. And every import()
// goes through a function of a module Node loads itself: the bundle runs from a V8 code cache (src/boot), where
// import() has no loader of its own.
const IMPORT_CALL = /(?<![\w$.'"`])import\((?=\s*[^\s)])/g;
// Edits of oclif's own code, each of which must still match (the build fails when an oclif upgrade moves them):
// - a plugin's commands are sorted with localeCompare, whose first call starts ICU's collator (~8 ms of every
//   command). The order only decides which of two commands is registered first; help sorts by code units itself,
//   and code units order command ids (letters, digits, `:`, `-`) as the collator does, but for digits against
//   punctuation.
const EDITS = {
  'lib/config/plugin.js': [['.sort((a, b) => a.id.localeCompare(b.id));', '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));']],
};
const rewrite = {
  name: 'oclif-bundle-rewrite',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, (args) => {
      let contents = fs.readFileSync(args.path, 'utf8').replace(IMPORT_CALL, '__import(');
      for (const [from, to] of EDITS[path.relative(root, args.path).split(path.sep).join('/')] ?? []) {
        if (!contents.includes(from)) throw new Error(`bundle-oclif: ${args.path} no longer has ${from}`);
        contents = contents.replace(from, to);
      }
      if (args.path.startsWith(root + path.sep)) {
        const dir = path.relative(root, path.dirname(args.path)).split(path.sep).join('/');
        contents = `var __dirname = require("node:path").join(__oclifRoot, ${JSON.stringify(dir)});\n${contents}`;
      }
      return { contents, loader: 'js' };
    });
  },
};

build({
  stdin: { contents: entry, resolveDir: root, sourcefile: 'oclif-core-entry.js' },
  outfile: 'dist/oclif-core.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  // oclif loads TypeScript only for plugins linked from source, through the user's own copy.
  external: ['typescript', 'ts-node', 'tsx'],
  banner: {
    js: [
      'const __oclifRoot = require("node:path").dirname(require.resolve("@oclif/core/package.json"));',
      'const { dynamicImport: __import } = require("@winnow/core/dynamic-import");',
    ].join('\n'),
  },
  plugins: [rewrite],
  logLevel: 'warning',
  write: false,
})
  .then(({ outputFiles: [out] }) => {
    // search(), not test(): a /g expression's test() resumes from its last match, on the next line too.
    const left = out.text.split('\n').filter((line) => line.search(IMPORT_CALL) !== -1);
    if (left.length > 0) throw new Error(`bundle-oclif: import() left in the bundle:\n${left.join('\n')}`);
    // ASCII only (esbuild leaves a raw control character in one of ansis's regular expressions): V8 keeps an ASCII
    // source in one byte per character, and it reads without UTF-8 decoding.
    fs.writeFileSync(out.path, out.text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), 'latin1');
  })
  .catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
