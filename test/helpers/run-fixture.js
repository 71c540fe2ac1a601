#!/usr/bin/env node
// Runs core's runPipeline with the fixture plugin in its own process (for kill -9 and concurrency tests).
// Usage: run-fixture.js WORKSPACE CONFIG_JSON INPUT... ; prints the run summary as JSON.
const path = require('node:path');
const core = require('../../core/dist');

async function main() {
  const [workspace, configJson, ...inputs] = process.argv.slice(2);
  const registry = await fixtureRegistry();
  const logger = { debug() {}, info() {}, warn: (m) => process.stderr.write(`warn: ${m}\n`), error: (m) => process.stderr.write(`error: ${m}\n`) };
  const summary = await core.runPipeline({ inputs, config: JSON.parse(configJson), workspace, registry, logger });
  process.stdout.write(JSON.stringify(summary) + '\n');
}

async function fixtureRegistry() {
  const registry = new core.StageRegistry();
  const root = path.join(__dirname, '../fixtures/stage-fixture');
  const hookModule = path.join(root, 'hooks/stages.js');
  registry.add({ name: '@winnow-test/stage-fixture', version: '1.0.0', kind: 'test', root, hookModule }, await core.loadContribution(hookModule));
  registry.add({ name: '@winnow/core', version: '0.0.0', kind: 'builtin', root: path.dirname(require.resolve('../../core/package.json')), hookModule: '' }, core.builtinContribution());
  return registry;
}

module.exports = { fixtureRegistry };
if (require.main === module) main().catch((e) => { process.stderr.write(`${e.stack}\n`); process.exit(1); });
