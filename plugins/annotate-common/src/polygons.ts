/** A COCO polygon: flat [x1, y1, x2, y2, ...] in pixel-corner coordinates. */
export type Polygon = number[];

// Directions in image coordinates (y down): 0 right, 1 down, 2 left, 3 up; +1 is a clockwise turn.
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

/**
 * Outer boundaries of a binary mask as polygons along pixel edges (holes are dropped: COCO polygons cannot
 * express them; use RLE for masks with holes). Each foreground pixel contributes its edges that face
 * background, directed clockwise; they chain into closed loops, preferring the clockwise turn where two
 * loops touch at a corner, so diagonal neighbours stay separate polygons. Collinear vertices are removed;
 * `tolerance` > 0 also simplifies with Douglas-Peucker. Polygons are sorted by area, largest first.
 */
export function maskToPolygons(mask: Uint8Array, width: number, height: number, tolerance = 0): Polygon[] {
  const at = (x: number, y: number) => x >= 0 && y >= 0 && x < width && y < height && mask[y * width + x] !== 0;
  const W = width + 1;
  // Outgoing edge directions per vertex: at most two, where two loops touch at a corner.
  const out = new Map<number, number[]>();
  const add = (x: number, y: number, d: number) => {
    const k = y * W + x;
    const list = out.get(k);
    if (list) list.push(d);
    else out.set(k, [d]);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!at(x, y)) continue;
      if (!at(x, y - 1)) add(x, y, 0);
      if (!at(x + 1, y)) add(x + 1, y, 1);
      if (!at(x, y + 1)) add(x + 1, y + 1, 2);
      if (!at(x - 1, y)) add(x, y + 1, 3);
    }
  }
  const loops: { poly: Polygon; area: number }[] = [];
  for (const [start, dirs] of out) {
    while (dirs.length > 0) {
      let d = dirs.pop() as number;
      let k = start;
      const pts: number[] = [];
      for (;;) {
        const x = k % W;
        const y = Math.floor(k / W);
        pts.push(x, y);
        const nk = (y + DY[d]) * W + (x + DX[d]);
        if (nk === start) break;
        const options = out.get(nk);
        const pick = options && [1, 0, 3].map((t) => (d + t) % 4).find((c) => options.includes(c));
        if (!options || pick === undefined) throw new Error(`mask boundary does not close at vertex (${nk % W}, ${Math.floor(nk / W)})`);
        options.splice(options.indexOf(pick), 1);
        k = nk;
        d = pick;
      }
      const poly = dropCollinear(pts);
      const a = signedArea(poly);
      if (a > 0 && poly.length >= 6) loops.push({ poly: tolerance > 0 ? simplify(poly, tolerance) : poly, area: a });
    }
  }
  return loops.sort((p, q) => q.area - p.area).map((l) => l.poly);
}

/** Shoelace area; positive for the clockwise-in-image (outer) loops made above. */
export function signedArea(poly: Polygon): number {
  let s = 0;
  const n = poly.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    s += poly[i * 2] * poly[j * 2 + 1] - poly[j * 2] * poly[i * 2 + 1];
  }
  return s / 2;
}

function dropCollinear(pts: number[]): Polygon {
  const n = pts.length / 2;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = (i - 1 + n) % n;
    const q = (i + 1) % n;
    const cross = (pts[i * 2] - pts[p * 2]) * (pts[q * 2 + 1] - pts[i * 2 + 1]) - (pts[i * 2 + 1] - pts[p * 2 + 1]) * (pts[q * 2] - pts[i * 2]);
    if (cross !== 0) keep.push(pts[i * 2], pts[i * 2 + 1]);
  }
  return keep;
}

function simplify(poly: Polygon, tolerance: number): Polygon {
  const n = poly.length / 2;
  if (n <= 4) return poly;
  const pts = Array.from({ length: n + 1 }, (_, i) => [poly[(i % n) * 2], poly[(i % n) * 2 + 1]] as const);
  const keep = new Uint8Array(n + 1);
  keep[0] = keep[n] = 1;
  const stack: [number, number][] = [[0, n]];
  while (stack.length > 0) {
    const [a, b] = stack.pop() as [number, number];
    let best = -1;
    let dist = tolerance;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistance(pts[i], pts[a], pts[b]);
      if (d > dist) {
        dist = d;
        best = i;
      }
    }
    if (best >= 0) {
      keep[best] = 1;
      stack.push([a, best], [best, b]);
    }
  }
  const outPts: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) outPts.push(pts[i][0], pts[i][1]);
  return outPts.length >= 6 ? outPts : poly;
}

function segmentDistance(p: readonly number[], a: readonly number[], b: readonly number[]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/** Rasterises polygons (even-odd rule at pixel centres) into a row-major binary mask. */
export function polygonsToMask(polys: readonly Polygon[], width: number, height: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (const poly of polys) {
    const n = poly.length / 2;
    for (let y = 0; y < height; y++) {
      const cy = y + 0.5;
      const xs: number[] = [];
      for (let i = 0; i < n; i++) {
        const j = (i + 1) % n;
        const y1 = poly[i * 2 + 1];
        const y2 = poly[j * 2 + 1];
        if ((y1 <= cy && y2 > cy) || (y2 <= cy && y1 > cy)) xs.push(poly[i * 2] + ((cy - y1) / (y2 - y1)) * (poly[j * 2] - poly[i * 2]));
      }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        for (let x = Math.max(0, Math.ceil(xs[k] - 0.5)); x < Math.min(width, Math.ceil(xs[k + 1] - 0.5)); x++) mask[y * width + x] ^= 1;
      }
    }
  }
  return mask;
}
