import * as path from 'node:path';
import { ConformanceError, formatReport, runStageConformance, type ConformanceReport } from '@winnow/sdk/testing';
import { API_VERSION } from '@winnow/sdk';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');
const fixture = path.join(FIXTURES, 'stage-fixture/hooks/stages.js');
const kitChecks = path.join(FIXTURES, 'stage-kit-checks/hooks/stages.js');

function statuses(report: ConformanceReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
}

const ALL_CHECKS = [
  'unreadable-frames-are-per-frame-errors',
  'declared-output-produced',
  'deterministic-output',
  'cache-key-stable-across-runs',
  'cache-key-stable-across-processes',
  'cache-key-follows-config',
  'cache-key-follows-input',
  'abort-signal-honoured',
];
/** Every check a CPU stage must pass: the GPU-worker check does not apply to it. */
const CPU_STAGE = { ...Object.fromEntries(ALL_CHECKS.map((id) => [id, 'passed'])), 'gpu-worker-batches': 'skipped' };

test('a conforming batch stage passes every check', async () => {
  const report = await runStageConformance({ hookModule: fixture, stage: 'fixture-mean' });
  expect(report.ok).toBe(true);
  expect(statuses(report)).toEqual(CPU_STAGE);
  expect(report.plugin).toBe('@winnow-test/stage-fixture');
  expect(formatReport(report)).toContain('ok   cache-key-follows-config: changing poison');
});

test('a conforming stream stage over an upstream plugin passes every check', async () => {
  const report = await runStageConformance({ hookModule: kitChecks, stage: 'kit-careful', upstreamHookModules: [fixture] });
  expect(statuses(report)).toEqual(CPU_STAGE);
});

test('a GPU stage that batches frames also passes in a GPU worker process', async () => {
  const report = await runStageConformance({ hookModule: fixture, stage: 'fixture-gpu', changedConfig: { crashOnce: __filename } }); // an existing marker: never crashes
  expect(statuses(report)).toEqual(Object.fromEntries([...ALL_CHECKS, 'gpu-worker-batches'].map((id) => [id, 'passed'])));
  expect(report.checks.find((c) => c.id === 'gpu-worker-batches')?.detail).toMatch(/in chunks through measureBatch/);
});

test('a GPU stage whose measureBatch writes other records than measure fails that check', async () => {
  const report = await runStageConformance({ hookModule: kitChecks, stage: 'kit-other-batch', throwOnFailure: false });
  expect(report.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual(['gpu-worker-batches']);
  expect(report.checks.find((c) => c.id === 'gpu-worker-batches')?.detail).toMatch(/\{width\} instead of \{w\}/);
});

test('a stream stage that ignores its abort signal is still stopped: it runs in a worker thread the host ends', async () => {
  const report = await runStageConformance({ hookModule: fixture, stage: 'fixture-relative' });
  expect(report.checks.find((c) => c.id === 'abort-signal-honoured')).toMatchObject({ status: 'passed', detail: expect.stringMatching(/stopped .* as cancelled/) });
});

test('a stage with random output fails the determinism checks and keeps its stable keys', async () => {
  const report = await runStageConformance({ hookModule: kitChecks, stage: 'kit-random', throwOnFailure: false });
  const s = statuses(report);
  expect(report.ok).toBe(false);
  expect(s['deterministic-output']).toBe('failed');
  expect(s['cache-key-stable-across-processes']).toBe('failed');
  expect(s['cache-key-stable-across-runs']).toBe('passed');
  expect(s['declared-output-produced']).toBe('passed');
});

test('a stage whose records break its declared records fails the output check, naming the field', async () => {
  const report = await runStageConformance({ hookModule: kitChecks, stage: 'kit-mistyped', throwOnFailure: false });
  expect(report.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual(['declared-output-produced']);
  expect(report.checks.find((c) => c.id === 'declared-output-produced')?.detail).toMatch(/frame \d+'s record does not match the declared records at \/w: Expected integer/);
});

test('a plugin the host refuses is reported with the host message', async () => {
  await expect(runStageConformance({ hookModule: path.join(FIXTURES, 'stage-incompatible/hooks/stages.js'), stage: 'future-metric' })).rejects.toThrow(
    new RegExp(`plugin @winnow-test/stage-incompatible@2\\.0\\.0 requires Winnow API \\^2\\.0\\.0, but this host provides ${API_VERSION.replaceAll('.', '\\.')}`),
  );
});
