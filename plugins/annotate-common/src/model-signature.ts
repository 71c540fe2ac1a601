/** One input or output of an ONNX graph as the runtime reports it. Symbolic dims are strings (e.g. `batch`). */
export type TensorSpec = {
  readonly name: string;
  readonly type: string;
  readonly shape: readonly (number | string)[];
};

export type ModelSignature = {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
};

interface MetadataLike {
  readonly name: string;
  readonly isTensor: boolean;
  readonly type?: string;
  readonly shape?: readonly (number | string)[];
}

/** Reads names, element types and dims from an onnxruntime session (1.30's `inputMetadata`/`outputMetadata`). */
export function signatureOf(session: { readonly inputMetadata: readonly unknown[]; readonly outputMetadata: readonly unknown[] }): ModelSignature {
  const spec = (m: unknown): TensorSpec => {
    const x = m as MetadataLike;
    return { name: x.name, type: x.isTensor ? (x.type ?? 'unknown') : 'non-tensor', shape: x.isTensor ? [...(x.shape ?? [])].map((d) => (typeof d === 'number' && d < 0 ? '?' : d)) : [] };
  };
  return { inputs: session.inputMetadata.map(spec), outputs: session.outputMetadata.map(spec) };
}

export function formatSpec(t: TensorSpec): string {
  return `${t.name} ${t.type} [${t.shape.join(',')}]`;
}

export function formatSignature(sig: ModelSignature): string {
  return `inputs ${sig.inputs.map(formatSpec).join('; ') || '(none)'} -> outputs ${sig.outputs.map(formatSpec).join('; ') || '(none)'}`;
}
