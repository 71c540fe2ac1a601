import * as Flags from '@oclif/core/flags';
import { runReport, type ReportSummary } from '@winnow/core';
import { WinnowCommand } from '../services/winnow-command';

export default class Report extends WinnowCommand {
  static summary = 'Write the review page of a job: a gallery to filter, sort and enlarge frames, timelines, clusters and intervals.';
  static description =
    'An HTML file that works offline (no server, nothing fetched) and a folder beside it (<name>_files/) with thumbnails and frame details, loaded as they are needed, so the page stays small for long jobs. Shows what each stage declares: findings to filter by, timelines (a click opens the frame), duplicate groups and intervals (opened in full), objects drawn on enlarged frames, every stage\'s values.';
  static examples = ['<%= config.bin %> report --out report.html', '<%= config.bin %> report --out report.html --job 20261128-101500123-abc123 --stream cam_01'];
  static flags = {
    out: Flags.string({ char: 'o', summary: 'HTML file to write (its folder is created); <name>_files/ goes beside it.', required: true }),
    job: Flags.string({ summary: 'Job id (default: the newest finished job).' }),
    stream: Flags.string({ summary: 'Only this stream (name or id); repeat for several.', multiple: true }),
    'max-points': Flags.integer({ summary: 'Points along each timeline; longer streams are bucketed (mean line, min-max band).', default: 800, min: 10 }),
    'thumb-width': Flags.integer({ summary: 'Thumbnail width in pixels.', default: 240, min: 32 }),
  };

  async run(): Promise<ReportSummary> {
    const { flags } = await this.parse(Report);
    const r = await runReport({ workspace: flags.workspace, out: flags.out, jobId: flags.job, streams: flags.stream, maxPoints: flags['max-points'], thumbWidth: flags['thumb-width'] });
    if (!this.jsonEnabled()) {
      this.log(`Review page of job ${r.jobId} (${r.streams.length} stream(s), ${(r.bytes / 1024).toFixed(0)} KiB) written to ${r.out}; thumbnails and details in ${r.assets}`);
      this.log(`  ${Object.entries(r.counts).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    }
    return r;
  }
}
