import type { JobFindings } from '@winnow/core';

/** What a run found, per stream: counts by what the stages declare, a few example paths, and the next commands. */
export function renderFindings(f: JobFindings): string {
  const keys = Object.keys(f.labels);
  const line = (counts: Readonly<Record<string, number>>) =>
    keys
      .filter((k) => k !== 'frames' && (counts[k] ?? 0) > 0)
      .map((k) => `${counts[k]} ${f.labels[k].toLowerCase()}`)
      .join(', ') || 'nothing found';
  const lines = ['Findings:'];
  for (const s of f.streams) {
    lines.push(`  ${s.stream}: ${s.counts.frames} frames: ${line(s.counts)}`);
    for (const [key, paths] of Object.entries(s.examples)) lines.push(`    ${f.labels[key].toLowerCase()}: ${paths.join(', ')}${(s.counts[key] ?? 0) > paths.length ? ', ...' : ''}`);
  }
  if (f.streams.length > 1) lines.push(`  total: ${f.totals.frames} frames: ${line(f.totals)}`);
  lines.push('Next:');
  for (const n of f.next) lines.push(`  ${n}`);
  return lines.join('\n');
}
