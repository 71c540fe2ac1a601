import { COCO80_NAMES, decodeRle, maskToPolygons, type AnnotatedRow } from '@winnow/annotate';

/** Label Studio's result for a box: percentages of the original image, top-left origin. */
export type LsRectangle = {
  id: string;
  type: 'rectanglelabels';
  from_name: 'label';
  to_name: 'image';
  original_width: number;
  original_height: number;
  image_rotation: 0;
  value: { x: number; y: number; width: number; height: number; rotation: 0; rectanglelabels: [string] };
  score: number;
};
export type LsPolygon = {
  id: string;
  type: 'polygonlabels';
  from_name: 'polygon';
  to_name: 'image';
  original_width: number;
  original_height: number;
  image_rotation: 0;
  value: { points: [number, number][]; closed: true; polygonlabels: [string] };
  score: number;
};
export type LsTask = {
  id: number;
  data: { image: string; stream: string; frame_idx: number; uncertainty: number; reasons: string[] };
  predictions: { model_version: string; score: number; result: (LsRectangle | LsPolygon)[] }[];
};

const pct = (v: number, of: number) => Math.round((v / of) * 100 * 1e4) / 1e4;

/** A Label Studio import task with the frame's objects as one prediction (pre-annotations). */
export function labelStudioTask(id: number, r: AnnotatedRow, image: string, polygonTolerance: number): LsTask {
  const { width: W, height: H } = r.record;
  const result: (LsRectangle | LsPolygon)[] = [];
  r.record.objects.forEach((o, i) => {
    const [x1, y1, x2, y2] = o.box;
    result.push({
      id: `f${r.row.frame_idx}o${i}`,
      type: 'rectanglelabels',
      from_name: 'label',
      to_name: 'image',
      original_width: W,
      original_height: H,
      image_rotation: 0,
      value: { x: pct(x1, W), y: pct(y1, H), width: pct(x2 - x1, W), height: pct(y2 - y1, H), rotation: 0, rectanglelabels: [o.category] },
      score: o.score,
    });
    if (o.mask) {
      const [poly] = maskToPolygons(decodeRle(o.mask), W, H, polygonTolerance);
      if (poly) {
        const points: [number, number][] = [];
        for (let k = 0; k < poly.length; k += 2) points.push([pct(poly[k], W), pct(poly[k + 1], H)]);
        result.push({ id: `f${r.row.frame_idx}o${i}m`, type: 'polygonlabels', from_name: 'polygon', to_name: 'image', original_width: W, original_height: H, image_rotation: 0, value: { points, closed: true, polygonlabels: [o.category] }, score: o.mask_score ?? o.score });
      }
    }
  });
  return {
    id,
    data: { image, stream: r.stream.name, frame_idx: r.row.frame_idx, uncertainty: r.record.uncertainty, reasons: [...r.record.reasons] },
    predictions: [{ model_version: r.record.models.join('+'), score: Math.round((1 - r.record.uncertainty) * 1e4) / 1e4, result }],
  };
}

/** The labelling config the tasks' from_name/to_name refer to, with every label the tasks use plus COCO-80. */
export function labelConfig(extra: readonly string[]): string {
  const names = [...new Set([...COCO80_NAMES, ...extra])];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const labels = names.map((n) => `    <Label value="${esc(n)}"/>`).join('\n');
  return `<View>\n  <Image name="image" value="$image"/>\n  <RectangleLabels name="label" toName="image">\n${labels}\n  </RectangleLabels>\n  <PolygonLabels name="polygon" toName="image">\n${labels}\n  </PolygonLabels>\n</View>\n`;
}
