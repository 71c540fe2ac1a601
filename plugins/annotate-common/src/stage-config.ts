import { Type } from '@winnow/sdk';

/**
 * How a stage runs its models; shared by every annotation stage. Names resolve through the model registry of
 * the run's workspace (the stage context's `workspace`), so the workspace is not part of the config.
 */
export const RuntimeConfig = {
  provider: Type.Union([Type.Literal('auto'), Type.Literal('cpu'), Type.Literal('cuda')], {
    default: 'auto',
    description: 'onnxruntime execution provider: auto uses CUDA when it loads, CPU otherwise; the records say which ran.',
  }),
  threads: Type.Integer({ default: 1, minimum: 1, description: 'Intra-op threads per session (each worker already is one core).' }),
};

export const ModelField = (what: string) =>
  Type.String({ minLength: 1, description: `${what}: a name registered with \`winnow models add\`, or a path to a local .onnx file (never downloaded).` });

export const DigestField = Type.String({ default: '', pattern: '^([0-9a-f]{64})?$', description: 'Expected sha256 of the model file; another file is refused. Empty: not checked (registered models always are).' });

/** The exporters' `only` option. */
export const OnlyOption = Type.Union([Type.Literal('annotated'), Type.Literal('selected')], {
  default: 'annotated',
  description: 'annotated: every frame a detector annotated; selected: only those the select stage keeps (the keep-list).',
});

export const SelectConfig = Type.Object(
  {
    frames: Type.Union([Type.Literal('curated'), Type.Literal('all')], {
      default: 'curated',
      description: 'curated: only the frames the select stage keeps (no unreadable, blurry, badly exposed or duplicate frame, one per near-duplicate group and idle interval, within its budget); all: every readable frame.',
    }),
  },
  { default: {}, additionalProperties: false },
);
