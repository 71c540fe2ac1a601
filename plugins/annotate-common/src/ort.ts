import type * as OrtModule from 'onnxruntime-node';

let loaded: typeof OrtModule | null = null;

/**
 * onnxruntime-node on first use: loading it costs ~100 ms of CPU, which `winnow --help`, `winnow stages` and
 * every run without an annotation stage (all of which load this plugin's hook) should not pay.
 */
export function loadOrt(): typeof OrtModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('onnxruntime-node') as typeof OrtModule;
  return loaded;
}
