import { defineDetectorStage, runDFine } from '@winnow/annotate';

/** D-FINE (native or Hugging Face export, chosen by the session's names), with an optional cascade model. */
export const dFineStage = defineDetectorStage({
  name: 'd-fine',
  version: '0.2.0',
  description: 'D-FINE object detection (native or Hugging Face ONNX export): boxes in the Winnow annotation schema, cascade to a larger model on uncertain frames.',
  kinds: ['d-fine-native', 'd-fine-hf'],
  viewMaxSide: 640,
  run: runDFine,
});
