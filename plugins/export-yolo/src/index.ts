export { yoloExporter, YoloOptions } from './yolo-exporter';
export { classIndex, labelLine, readYoloLabels } from './yolo-labels';
export type { YoloLabel } from './yolo-labels';
