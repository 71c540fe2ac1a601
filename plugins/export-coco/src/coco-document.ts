import * as path from 'node:path';
import { COCO80_CATEGORIES, maskToPolygons, decodeRle, rleArea, type AnnotatedRow, type Category } from '@winnow/annotate';

export type CocoImage = {
  id: number;
  file_name: string;
  width: number;
  height: number;
  /** Where the frame came from (extra field; COCO readers ignore it). */
  winnow: { stream: string; frame_idx: number; blake3: string; uncertainty: number; review: boolean };
};
export type CocoAnnotation = {
  id: number;
  image_id: number;
  category_id: number;
  /** [x, y, width, height] in pixels. */
  bbox: [number, number, number, number];
  area: number;
  iscrowd: 0;
  segmentation: number[][] | { size: [number, number]; counts: string };
  score: number;
};
export type CocoDocument = {
  info: { description: string; version: string; date_created: string };
  licenses: never[];
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories: { id: number; name: string; supercategory: string }[];
};

export interface CocoOptions {
  readonly segmentation: 'polygon' | 'rle';
  /** Douglas-Peucker tolerance in pixels for polygons; 0 keeps every pixel corner. */
  readonly polygonTolerance: number;
}

/** The file name images get in every export: `<stream>/<frame path>`, forward slashes. */
export function imageName(row: AnnotatedRow): string {
  return [row.stream.name, ...row.row.path.split(path.sep)].join('/');
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Builds a COCO instances document from annotated rows: images with file_name/width/height, annotations with
 * bbox [x, y, w, h], area (mask pixels when there is a mask, else the box), iscrowd 0, segmentation as
 * polygons or RLE (empty list without a mask), and categories with their COCO ids.
 */
export function buildCoco(rows: readonly AnnotatedRow[], options: CocoOptions, description: string): CocoDocument {
  const images: CocoImage[] = [];
  const annotations: CocoAnnotation[] = [];
  const categories = new Map<number, Category>(COCO80_CATEGORIES.map((c) => [c.id, c]));
  for (const r of rows) {
    const image: CocoImage = {
      id: images.length + 1,
      file_name: imageName(r),
      width: r.record.width,
      height: r.record.height,
      winnow: { stream: r.stream.name, frame_idx: r.row.frame_idx, blake3: r.row.blake3, uncertainty: r.record.uncertainty, review: r.record.review },
    };
    images.push(image);
    for (const o of r.record.objects) {
      if (!categories.has(o.category_id)) categories.set(o.category_id, { id: o.category_id, name: o.category });
      const [x1, y1, x2, y2] = o.box;
      let segmentation: CocoAnnotation['segmentation'] = [];
      let area = r2((x2 - x1) * (y2 - y1));
      if (o.mask) {
        area = rleArea(o.mask);
        if (options.segmentation === 'rle') segmentation = { size: [o.mask.size[0], o.mask.size[1]], counts: o.mask.counts };
        else segmentation = maskToPolygons(decodeRle(o.mask), o.mask.size[1], o.mask.size[0], options.polygonTolerance);
      }
      annotations.push({ id: annotations.length + 1, image_id: image.id, category_id: o.category_id, bbox: [r2(x1), r2(y1), r2(x2 - x1), r2(y2 - y1)], area, iscrowd: 0, segmentation, score: o.score });
    }
  }
  return {
    info: { description, version: '1.0', date_created: new Date().toISOString() },
    licenses: [],
    images,
    annotations,
    categories: [...categories.values()].sort((a, b) => a.id - b.id).map((c) => ({ id: c.id, name: c.name, supercategory: '' })),
  };
}
