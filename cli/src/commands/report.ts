import * as Flags from '@oclif/core/flags';
import { runReport } from '@winnow/core';
import { WinnowCommand } from '../services/winnow-command';

export default class Report extends WinnowCommand {
  static summary = "Write a self-contained HTML report of a job: timelines, flagged frames, duplicate clusters, idle intervals.";
  static description =
    'One HTML file that works offline (inline styles and charts, thumbnails embedded): per stream, timelines of sharpness, brightness and motion with flagged frames and idle intervals marked, thumbnails of flagged frames, duplicate clusters side by side, and summary counts.';
  static examples = ['<%= config.bin %> report --out report.html', '<%= config.bin %> report --out report.html --job 20261128-101500123-abc123 --stream cam_01'];
  static flags = {
    out: Flags.string({ char: 'o', summary: 'HTML file to write (its folder is created).', required: true }),
    job: Flags.string({ summary: 'Job id (default: the newest finished job).' }),
    stream: Flags.string({ summary: 'Only this stream (name or id); repeat for several.', multiple: true }),
    'max-thumbnails': Flags.integer({ summary: 'Thumbnails per flag kind per stream; the rest is counted as "+N more".', default: 24, min: 0 }),
    'max-points': Flags.integer({ summary: 'Points along each timeline; longer streams are bucketed (mean line, min-max band).', default: 800, min: 10 }),
  };

  async run(): Promise<{ out: string; jobId: string; bytes: number; streams: unknown; counts: unknown }> {
    const { flags } = await this.parse(Report);
    const r = await runReport({ workspace: flags.workspace, out: flags.out, jobId: flags.job, streams: flags.stream, maxThumbnails: flags['max-thumbnails'], maxPoints: flags['max-points'] });
    if (!this.jsonEnabled()) {
      const c = r.counts;
      this.log(`Report of job ${r.jobId} (${r.streams.length} stream(s), ${(r.bytes / 1024).toFixed(0)} KiB) written to ${r.out}`);
      this.log(`  ${c.frames} frames: ${c.unreadable} unreadable, ${c.blurry} blurry, ${c.dark} dark, ${c.overexposed} overexposed, ${c.duplicates} duplicates, ${c.nearDuplicates} near-duplicates, ${c.idleFrames} idle frames in ${c.idleIntervals} interval(s)`);
    }
    return { out: r.out, jobId: r.jobId, bytes: r.bytes, streams: r.streams, counts: r.counts };
  }
}
