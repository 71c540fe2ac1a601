import * as Flags from '@oclif/core/flags';
import { inspectStream, type StreamInspection } from '@winnow/core';
import { WinnowCommand } from '../../services/winnow-command';

export default class InspectStream extends WinnowCommand {
  static summary = 'Summarise a stream: frames, index gaps, unreadable files, and metric summaries of its newest job.';
  static examples = ['<%= config.bin %> inspect stream --path data/stream_001'];
  static flags = {
    path: Flags.string({ char: 'p', summary: 'Stream folder.', required: true }),
  };

  async run(): Promise<StreamInspection> {
    const { flags } = await this.parse(InspectStream);
    const r = await inspectStream(flags.path, flags.workspace);
    if (this.jsonEnabled()) return r;
    const s = r.stream;
    this.log(`${s.name} (${s.dir})`);
    this.log(`  frames: ${s.frames}, indices ${s.firstIndex ?? '-'}..${s.lastIndex ?? '-'}`);
    this.log(`  gaps: ${s.gaps.length === 0 ? 'none' : s.gaps.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ')}`);
    if (s.duplicateIndices.length > 0) this.log(`  duplicate indices: ${s.duplicateIndices.map((d) => `${d.dropped} (index ${d.index}, kept ${d.kept})`).join(', ')}`);
    if (s.foreign.length > 0) this.log(`  foreign files: ${s.foreign.join(', ')}`);
    if (s.formatMismatches.length > 0) this.log(`  content does not match extension: ${s.formatMismatches.join(', ')}`);
    this.log(`  unreadable: ${r.unreadable.length === 0 ? 'none' : ''}`);
    for (const u of r.unreadable) this.log(`    ${u.path}: ${u.code}: ${u.message}`);
    this.log(r.job ? `  metrics (job ${r.job}):` : '  metrics: no finished job covers this stream yet');
    for (const [stage, fields] of Object.entries(r.metrics)) {
      for (const [field, m] of Object.entries(fields)) {
        this.log(m.true !== undefined ? `    ${stage}.${field}: ${m.true} of ${m.count} true` : `    ${stage}.${field}: min ${fmt(m.min)}, median ${fmt(m.median)}, max ${fmt(m.max)} (${m.count} frames)`);
      }
    }
    return r;
  }
}

function fmt(n: number | undefined): string {
  return n === undefined ? '-' : Number.isInteger(n) ? String(n) : n.toFixed(3);
}
