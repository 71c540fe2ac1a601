export { cocoExporter, CocoOptions } from './coco-exporter';
export { reviewExporter, ReviewOptions } from './review-exporter';
export { buildCoco, imageName } from './coco-document';
export type { CocoAnnotation, CocoDocument, CocoImage, CocoOptions as CocoBuildOptions } from './coco-document';
export { labelConfig, labelStudioTask } from './label-studio';
export type { LsPolygon, LsRectangle, LsTask } from './label-studio';
