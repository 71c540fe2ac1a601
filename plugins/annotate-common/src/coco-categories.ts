/** The 80 COCO classes in the contiguous order detectors are trained on (0 person, 1 bicycle, 2 car, ...). */
export const COCO80_NAMES: readonly string[] = [
  'person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat', 'traffic light',
  'fire hydrant', 'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow',
  'elephant', 'bear', 'zebra', 'giraffe', 'backpack', 'umbrella', 'handbag', 'tie', 'suitcase', 'frisbee',
  'skis', 'snowboard', 'sports ball', 'kite', 'baseball bat', 'baseball glove', 'skateboard', 'surfboard', 'tennis racket', 'bottle',
  'wine glass', 'cup', 'fork', 'knife', 'spoon', 'bowl', 'banana', 'apple', 'sandwich', 'orange',
  'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake', 'chair', 'couch', 'potted plant', 'bed',
  'dining table', 'toilet', 'tv', 'laptop', 'mouse', 'remote', 'keyboard', 'cell phone', 'microwave', 'oven',
  'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase', 'scissors', 'teddy bear', 'hair drier', 'toothbrush',
];

/** COCO category ids (1..90, with gaps) of the contiguous classes 0..79. */
export const COCO80_TO_COCO_ID: readonly number[] = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27, 28, 31, 32, 33, 34,
  35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65,
  67, 70, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 84, 85, 86, 87, 88, 89, 90,
];

export interface Category {
  readonly id: number;
  readonly name: string;
}

/** Contiguous label (0..79) to its COCO category; fails loudly on a label the model should not produce. */
export function cocoCategory(label: number): Category {
  const id = COCO80_TO_COCO_ID[label];
  if (!Number.isInteger(label) || id === undefined) throw new RangeError(`label ${label} is outside the 80 COCO classes (0..79)`);
  return { id, name: COCO80_NAMES[label] };
}

/** COCO category id back to the contiguous label (YOLO class index), or -1. */
export function contiguousOf(cocoId: number): number {
  return COCO80_TO_COCO_ID.indexOf(cocoId);
}

export const COCO80_CATEGORIES: readonly Category[] = COCO80_NAMES.map((name, i) => ({ id: COCO80_TO_COCO_ID[i], name }));
