import { formatCounts, type RunSummary } from '@winnow/core';

const MAX_LISTED = 20;

export function renderSummary(s: RunSummary): string {
  const lines: string[] = [];
  const p = s.partitions;
  if (p.computed === 0 && p.failed === 0 && p.blocked === 0) {
    lines.push(`Nothing to do: all ${p.skipped} partitions of ${s.streams} stream(s) were already computed (job ${s.jobId}).`);
  } else {
    lines.push(`Job ${s.jobId}: ${s.state}`);
    const rate = s.framesPerSecond === null ? '' : ` (${s.framesPerSecond} frames/s on ${s.workers} workers)`;
    lines.push(`  ${s.streams} stream(s), ${s.frames} frames, ${s.framesMeasured} measured in ${(s.elapsedMs / 1000).toFixed(1)} s${rate}`);
    lines.push(`  partitions: ${p.computed} computed, ${p.skipped} skipped, ${p.failed} failed, ${p.blocked} blocked`);
    if (s.gpu && s.gpu.tasks > 0) {
      const where = s.gpu.devices.length > 0 ? `GPU ${s.gpu.devices.join(', ')}` : 'no GPU visible';
      lines.push(`  GPU stages: ${s.gpu.frames} frames in ${s.gpu.tasks} chunks on ${s.gpu.size} GPU worker process(es) (${where}); ${s.gpu.started} process(es) started`);
    }
  }
  for (const [stage, c] of Object.entries(s.stages)) if (c.counts) lines.push(`  ${stage}: ${formatCounts(c.counts)}`);
  for (const q of s.sequences) {
    const notes = [
      q.gaps.length > 0 ? `${q.gaps.length} gap(s) in the numbering (${q.gaps.slice(0, 5).map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ')}${q.gaps.length > 5 ? ', ...' : ''})` : '',
      q.duplicateIndices > 0 ? `${q.duplicateIndices} file(s) repeating a frame index` : '',
      q.foreign.length > 0 ? `${q.foreign.length} foreign file(s) (${q.foreign.slice(0, 5).join(', ')}${q.foreign.length > 5 ? ', ...' : ''})` : '',
    ].filter(Boolean);
    if (notes.length > 0) lines.push(`  ${q.stream}: ${notes.join('; ')}`);
  }
  if (s.unreadableFrames > 0) {
    lines.push(`  ${s.unreadableFrames} unreadable frame(s), skipped (every other frame was processed):`);
    for (const u of s.unreadable.slice(0, MAX_LISTED)) lines.push(`    ${u.code}: ${u.message}`);
    if (s.unreadable.length > MAX_LISTED) lines.push(`    ... and ${s.unreadable.length - MAX_LISTED} more (winnow inspect stream, or --json)`);
  }
  for (const f of s.failures) lines.push(`  FAILED ${f.stage} on ${f.stream} [${f.start}..${f.end}]: ${f.code}: ${f.message}`);
  return lines.join('\n');
}
