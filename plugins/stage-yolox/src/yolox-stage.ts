import { defineDetectorStage, runYolox } from '@winnow/annotate';

/** YOLOX (COCO-80) detector: letterboxed BGR input, raw grid decoded and NMS'd here. */
export const yoloxStage = defineDetectorStage({
  name: 'yolox',
  version: '0.2.0',
  description: 'YOLOX object detection (COCO-80, e.g. YOLOX-Nano 416): per-frame boxes in the Winnow annotation schema.',
  kinds: ['yolox'],
  viewMaxSide: 416,
  run: runYolox,
});
