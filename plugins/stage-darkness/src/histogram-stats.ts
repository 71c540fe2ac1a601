/** Exposure statistics of a luma histogram. */
export interface ExposureStats {
  /** Mean luma, 0..255. */
  readonly mean: number;
  /** Nearest-rank percentiles: the smallest level with at least that share of pixels at or below it. */
  readonly p05: number;
  readonly p50: number;
  readonly p95: number;
  /** The median interpolated inside its bin (each bin's pixels spread evenly over [v - 0.5, v + 0.5)): a continuous median, free of the integer step that matters in dark frames. */
  readonly level: number;
}

export function histogramStats(hist: ArrayLike<number>): ExposureStats {
  let total = 0;
  let weighted = 0;
  for (let v = 0; v < hist.length; v++) {
    total += hist[v];
    weighted += v * hist[v];
  }
  if (total === 0) return { mean: 0, p05: 0, p50: 0, p95: 0, level: 0 };
  return {
    mean: weighted / total,
    p05: nearestRank(hist, total, 0.05),
    p50: nearestRank(hist, total, 0.5),
    p95: nearestRank(hist, total, 0.95),
    level: interpolatedQuantile(hist, total, 0.5),
  };
}

function nearestRank(hist: ArrayLike<number>, total: number, q: number): number {
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let v = 0; v < hist.length; v++) {
    seen += hist[v];
    if (seen >= rank) return v;
  }
  return hist.length - 1;
}

function interpolatedQuantile(hist: ArrayLike<number>, total: number, q: number): number {
  const target = q * total;
  let seen = 0;
  for (let v = 0; v < hist.length; v++) {
    const c = hist[v];
    if (c > 0 && seen + c >= target) return v - 0.5 + (target - seen) / c;
    seen += c;
  }
  return hist.length - 1;
}
