import { describe, expect, it } from '@jest/globals';
import { Type } from '@sinclair/typebox';
import { API_VERSION, defineStage } from '@winnow/sdk';
import { discoverRegistry, type HookPlugin, type HookRunResult } from './discover-registry';

const plugin = (name: string): HookPlugin => ({ name, version: '1.0.0', type: 'core', root: __dirname, hooks: {} });
const stage = (name: string) => defineStage({ name, version: '1.0.0', partition: 'batch', inputs: ['frames'], views: {}, config: Type.Object({}), measure: () => ({}) });
const answer = (pluginName: string, stageName: string) => ({ plugin: plugin(pluginName), result: { apiVersion: `^${API_VERSION}`, stages: [stage(stageName)] } });

describe('discoverRegistry', () => {
  it('registers plugins in name order, whatever order their hooks answered in', async () => {
    const orders: HookRunResult[] = [
      { successes: [answer('@x/stage-b', 'b'), answer('@x/stage-a', 'a'), answer('@x/stage-c', 'c')], failures: [] },
      { successes: [answer('@x/stage-c', 'c'), answer('@x/stage-b', 'b'), answer('@x/stage-a', 'a')], failures: [] },
    ];
    for (const result of orders) {
      const registry = await discoverRegistry(async () => result);
      expect(registry.stages().map((s) => s.stage.name)).toEqual(['a', 'b', 'c']);
    }
  });

  it('names failed plugins in name order too', async () => {
    const failures = [{ plugin: plugin('@x/z'), error: new Error('boom') }, { plugin: plugin('@x/m'), error: new Error('bang') }];
    const registry = await discoverRegistry(async () => ({ successes: [], failures }));
    expect(registry.problems.map((p) => p.plugin)).toEqual(['@x/m', '@x/z']);
  });
});
