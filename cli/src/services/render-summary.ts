import type { RunSummary } from '@winnow/core';

export function renderSummary(s: RunSummary): string {
  const lines: string[] = [];
  const p = s.partitions;
  if (p.computed === 0 && p.failed === 0 && p.blocked === 0) {
    lines.push(`Nothing to do: all ${p.skipped} partitions of ${s.streams} stream(s) were already computed (job ${s.jobId}).`);
  } else {
    lines.push(`Job ${s.jobId}: ${s.state}`);
    lines.push(`  ${s.streams} stream(s), ${s.frames} frames, ${s.framesMeasured} measured in ${(s.elapsedMs / 1000).toFixed(1)} s (${s.framesPerSecond} frames/s on ${s.workers} workers)`);
    lines.push(`  partitions: ${p.computed} computed, ${p.skipped} skipped, ${p.failed} failed, ${p.blocked} blocked`);
  }
  if (s.unreadableFrames > 0) lines.push(`  ${s.unreadableFrames} unreadable frame(s): see \`winnow inspect stream\` or the export's "error" field`);
  for (const f of s.failures) lines.push(`  FAILED ${f.stage} on ${f.stream} [${f.start}..${f.end}]: ${f.code}: ${f.message}`);
  return lines.join('\n');
}
