import type * as CliProgress from 'cli-progress';
import type { Progress } from '@winnow/core';

export interface ProgressDisplay {
  update(p: Progress): void;
  stop(): void;
}

/** How often a run without a terminal prints its progress line, ms (`WINNOW_PROGRESS_EVERY_MS` changes it). */
const LINE_EVERY_MS = 10_000;

/**
 * Progress on stderr: a bar with frames/s and ETA on a terminal; without one (a log file, CI, a service), one
 * line every ~10 s, so that a long run is never silent for minutes.
 */
export function progressDisplay(enabled: boolean): ProgressDisplay {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  return process.stderr.isTTY ? progressBar() : progressLines(Number(process.env.WINNOW_PROGRESS_EVERY_MS) || LINE_EVERY_MS);
}

function progressBar(): ProgressDisplay {
  const started = Date.now();
  // Loaded only for a terminal: runs in scripts and CI do not pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SingleBar } = require('cli-progress') as typeof CliProgress;
  const bar = new SingleBar({
    stream: process.stderr,
    format: ' {bar} {percentage}% | {value}/{total} frames | {fps} frames/s | ETA {eta_formatted}',
    hideCursor: true,
    etaBuffer: 64,
  });
  let shown = false;
  return {
    update(p) {
      if (!shown) {
        bar.start(p.total, 0, { fps: '0' });
        shown = true;
      }
      bar.setTotal(p.total);
      bar.update(p.done, { fps: rate(p.done, started) });
    },
    stop() {
      if (shown) bar.stop();
    },
  };
}

function progressLines(everyMs: number): ProgressDisplay {
  const started = Date.now();
  let last = started;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < everyMs || p.total === 0) return;
      last = now;
      const fps = Number(rate(p.done, started));
      const eta = fps > 0 ? ` | ETA ${Math.ceil((p.total - p.done) / fps)} s` : '';
      process.stderr.write(`progress: ${p.done}/${p.total} frames (${Math.floor((p.done / p.total) * 100)}%) | ${fps} frames/s${eta}\n`);
    },
    stop: () => undefined,
  };
}

function rate(done: number, since: number): string {
  return (done / Math.max(0.001, (Date.now() - since) / 1000)).toFixed(1);
}
