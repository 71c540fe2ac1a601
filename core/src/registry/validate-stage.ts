import semverValid from 'semver/functions/valid';
import type { Exporter, Stage } from '@winnow/sdk';
import { ErrorCode, WinnowError } from '../errors';
import { reportProblems } from './validate-report';

const NAME = /^[a-z][a-z0-9-]*$/;

/** Checks a stage definition's shape at load, so that a broken definition fails with what to fix, not mid-run. */
export function validateStage(stage: Stage, plugin: string): void {
  const where = `plugin ${plugin}: stage ${JSON.stringify((stage as { name?: unknown }).name)}`;
  const fail = (what: string): never => {
    throw new WinnowError(ErrorCode.StageInvalid, `${where}: ${what}`);
  };
  if (typeof stage.name !== 'string' || !NAME.test(stage.name)) fail('name must be lowercase letters, digits and dashes, starting with a letter');
  if (typeof stage.version !== 'string' || !semverValid(stage.version)) fail(`version ${JSON.stringify(stage.version)} is not a semver version`);
  if (!isObjectSchema(stage.config)) fail('config must be a TypeBox object schema (Type.Object({...}))');
  if (!Array.isArray(stage.inputs)) fail('inputs must be an array of artifact types');
  if (stage.inputsFor !== undefined && typeof stage.inputsFor !== 'function') fail('inputsFor must be a function of the config');
  if (stage.output !== undefined && (typeof stage.output !== 'string' || !NAME.test(stage.output))) fail(`output ${JSON.stringify(stage.output)} is not a valid artifact type`);
  if (stage.records !== undefined) {
    if (stage.records.frame !== undefined && !isObjectSchema(stage.records.frame)) fail('records.frame must be a TypeBox object schema of its per-frame record');
    for (const [table, row] of Object.entries(stage.records.tables ?? {})) if (!isObjectSchema(row)) fail(`records.tables.${table} must be a TypeBox object schema of the table's rows`);
  }
  if (stage.report !== undefined) {
    const problems = typeof stage.report === 'object' && stage.report !== null ? reportProblems(stage.report, Object.keys((stage.config as { properties?: object }).properties ?? {})) : ['report must be an object'];
    if (problems.length) fail(problems.join('; '));
  }
  if (stage.partition === 'batch') {
    if (typeof stage.measure !== 'function') fail('a batch stage needs measure(frame, ctx)');
    if (stage.measureBatch !== undefined && typeof stage.measureBatch !== 'function') fail('measureBatch must be a function of (frames, ctx)');
    if (stage.settle !== undefined && typeof stage.settle !== 'function') fail('settle must be a function of (frames, ctx)');
    if (typeof stage.views !== 'object' || stage.views === null) fail('a batch stage needs views (use {} when it reads no pixels)');
    if (Object.keys(stage.views).length > 0 && !stage.inputs.includes('frames')) fail('it declares views, so its inputs must include "frames"');
    for (const [name, view] of Object.entries(stage.views)) {
      if (view.kind !== 'grey' && view.kind !== 'rgb') fail(`view ${name}: kind must be "grey" or "rgb", got ${JSON.stringify(view.kind)}`);
      const fixed = view.width !== undefined || view.height !== undefined;
      if (fixed && !(isPositiveInt(view.width) && isPositiveInt(view.height))) fail(`view ${name}: width and height must both be positive integers`);
      if (view.maxSide !== undefined && !isPositiveInt(view.maxSide)) fail(`view ${name}: maxSide must be a positive integer`);
    }
  } else if (stage.partition === 'stream' || stage.partition === 'job') {
    if (typeof stage.run !== 'function') fail(`a ${stage.partition} stage needs run(input, ctx)`);
    if (stage.inputs.includes('frames')) fail(`a ${stage.partition} stage cannot read frames; read the records of a batch stage instead`);
  } else {
    fail(`partition must be "batch", "stream" or "job", got ${JSON.stringify((stage as { partition?: unknown }).partition)}`);
  }
}

export function validateExporter(exporter: Exporter, plugin: string): void {
  const where = `plugin ${plugin}: exporter ${JSON.stringify((exporter as { name?: unknown }).name)}`;
  if (typeof exporter.name !== 'string' || !NAME.test(exporter.name)) throw new WinnowError(ErrorCode.StageInvalid, `${where}: name must be lowercase letters, digits and dashes`);
  if (!semverValid(exporter.version)) throw new WinnowError(ErrorCode.StageInvalid, `${where}: version ${JSON.stringify(exporter.version)} is not semver`);
  if (!isObjectSchema(exporter.options)) throw new WinnowError(ErrorCode.StageInvalid, `${where}: options must be a TypeBox object schema`);
  if (typeof exporter.export !== 'function') throw new WinnowError(ErrorCode.StageInvalid, `${where}: needs export(source, ctx)`);
}

function isObjectSchema(s: unknown): boolean {
  return typeof s === 'object' && s !== null && (s as { type?: unknown }).type === 'object';
}

function isPositiveInt(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}
