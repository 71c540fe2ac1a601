#!/usr/bin/env node
// Assembles src/laplacian.wat into dist/laplacian.wasm (part of `npm run build`; the .wasm ships in the package).
const fs = require('node:fs');
const path = require('node:path');

async function main() {
  const wabt = await require('wabt')();
  const source = path.join(__dirname, '../src/laplacian.wat');
  const module = wabt.parseWat(source, fs.readFileSync(source, 'utf8'), { simd: true });
  module.validate();
  const { buffer } = module.toBinary({ write_debug_names: false });
  const out = path.join(__dirname, '../dist/laplacian.wasm');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, buffer);
  module.destroy();
}

main().catch((e) => {
  process.stderr.write(`build-wasm: ${e.stack ?? e}\n`);
  process.exit(1);
});
