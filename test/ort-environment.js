// Jest environment for tests that run onnxruntime-node: the native binding creates its output typed arrays in
// the main realm, and onnxruntime-common checks them with `instanceof` against the sandbox's constructors.
// so every output fails inside jest only ("A float32 tensor's data must be type of Float32Array"). Give the
// sandbox the main realm's typed array constructors before any module loads.
const { TestEnvironment } = require('jest-environment-node');

class OrtEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const C of [Float32Array, Float64Array, Int8Array, Int16Array, Int32Array, Uint8Array, Uint8ClampedArray, Uint16Array, Uint32Array, BigInt64Array, BigUint64Array]) {
      this.global[C.name] = C;
    }
  }
}

module.exports = OrtEnvironment;
