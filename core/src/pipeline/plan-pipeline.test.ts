import { describe, expect, it } from '@jest/globals';
import { Type } from '@sinclair/typebox';
import { API_VERSION, defineStage, type Stage } from '@winnow/sdk';
import { StageRegistry } from '../registry/registry';
import { planPipeline } from './plan-pipeline';

const features = (name: string): Stage => defineStage({ name, version: '1.0.0', partition: 'batch', inputs: ['frames'], views: {}, config: Type.Object({}), measure: () => ({}) });
const detector = defineStage({
  name: 'detector',
  version: '1.0.0',
  partition: 'batch',
  optIn: true,
  inputs: ['frames', 'blur-features', 'dedup-features'],
  inputsFor: (cfg) => (cfg.select === 'all' ? ['frames'] : ['frames', 'blur-features', 'dedup-features']),
  views: {},
  config: Type.Object({ select: Type.String({ default: 'curated' }) }),
  measure: () => ({}),
});

function registry(...stages: Stage[]): StageRegistry {
  const r = new StageRegistry();
  r.add({ name: 'test-plugin', version: '1.0.0', kind: 'core', root: __dirname, hookModule: '' }, { apiVersion: `^${API_VERSION}`, stages });
  return r;
}

const names = (plan: ReturnType<typeof planPipeline>) => plan.map((p) => p.registered.stage.name);

describe('planPipeline', () => {
  const reg = registry(features('blur-features'), features('dedup-features'), detector);

  it('pulls in the producers of every declared input by default, before their reader', () => {
    const plan = planPipeline(reg, ['detector']);
    expect(names(plan)).toEqual(['blur-features', 'dedup-features', 'detector']);
    expect(plan.at(-1)?.inputs).toEqual(['frames', 'blur-features', 'dedup-features']);
  });

  it('pulls in only what the config reads when the stage narrows its inputs with inputsFor', () => {
    const plan = planPipeline(reg, ['detector'], (s) => s.stage.inputsFor?.({ select: 'all' } as never) ?? s.stage.inputs);
    expect(names(plan)).toEqual(['detector']);
    expect(plan[0].inputs).toEqual(['frames']);
  });

  it('refuses an input the config reads that the stage does not declare', () => {
    expect(() => planPipeline(reg, ['detector'], (s) => (s.stage.name === 'detector' ? ['frames', 'idle-features'] : s.stage.inputs))).toThrow(/reads "idle-features" with this config but does not declare it/);
  });

  it('names the stage and input nobody produces, and a cycle', () => {
    expect(() => planPipeline(registry(detector), ['detector'])).toThrow(/stage "detector" \(plugin test-plugin\) needs input "blur-features", which no installed stage produces/);
    const a = defineStage({ name: 'a', version: '1.0.0', partition: 'batch', inputs: ['b'], views: {}, config: Type.Object({}), measure: () => ({}) });
    const b = defineStage({ name: 'b', version: '1.0.0', partition: 'batch', inputs: ['a'], views: {}, config: Type.Object({}), measure: () => ({}) });
    expect(() => planPipeline(registry(a, b), ['a'])).toThrow(/pipeline has a cycle: a -> b -> a/);
  });

  it('puts a batch stage that reads a stream decision, or settles frames, in a pass after its producers', () => {
    const decide = defineStage({ name: 'blur', version: '1.0.0', partition: 'stream', inputs: ['blur-features'], config: Type.Object({}), run: () => ({ frames: [] }) });
    const reader = defineStage({ name: 'reader', version: '1.0.0', partition: 'batch', optIn: true, inputs: ['frames', 'blur'], views: {}, config: Type.Object({}), measure: () => ({}) });
    const settler = defineStage({ name: 'settler', version: '1.0.0', partition: 'batch', optIn: true, inputs: ['frames', 'dedup-features'], views: {}, config: Type.Object({}), measure: () => ({}), settle: () => [] });
    const after = defineStage({ name: 'after', version: '1.0.0', partition: 'stream', optIn: true, inputs: ['reader'], config: Type.Object({}), run: () => ({ frames: [] }) });
    const plan = planPipeline(registry(features('blur-features'), features('dedup-features'), decide, reader, settler, after), ['after', 'settler']);
    expect(plan.map((p) => [p.registered.stage.name, p.pass])).toEqual([
      ['blur-features', 0],
      ['blur', 0],
      ['reader', 1],
      ['after', 1],
      ['dedup-features', 0],
      ['settler', 1],
    ]);
  });

  it('refuses a batch or stream stage that reads a job stage', () => {
    const across = defineStage({ name: 'across', version: '1.0.0', partition: 'job', inputs: ['blur-features'], config: Type.Object({}), run: () => ({ streams: {} }) });
    const reader = defineStage({ name: 'reader', version: '1.0.0', partition: 'batch', inputs: ['frames', 'across'], views: {}, config: Type.Object({}), measure: () => ({}) });
    expect(() => planPipeline(registry(features('blur-features'), across, reader), ['reader'])).toThrow(/stage "reader" \(batch\) reads "across" from "across" \(job\)/);
  });
});
