import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runStageConformance } from '@winnow/sdk/testing';
import { fakeDFineNative } from '../../annotate-common/src/testing/fake-models';

// The built plugin (`dist/`) through Winnow's real pipeline, with a tiny graph of D-FINE's exact signature; as a
// GPU stage it is also run in a GPU worker process, its frames batched into one inference.
test('d-fine passes the Winnow stage conformance kit, in the CPU workers and in a GPU worker', async () => {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-d-fine-kit-'));
  try {
    const model = path.join(tmp, 'd-fine.onnx');
    await fs.writeFile(model, fakeDFineNative({ detections: [{ unitBox: [0.25, 0.25, 0.75, 1], label: 0, score: 0.9 }] }));
    const config = { model, select: { frames: 'all' } };
    const report = await runStageConformance({ hookModule: path.join(__dirname, '../dist/hooks/stages.js'), stage: 'd-fine', config, changedConfig: { ...config, scoreThreshold: 0.5 } });
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.id === 'gpu-worker-batches')).toMatchObject({ status: 'passed', detail: expect.stringMatching(/measureBatch/) });
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
});
