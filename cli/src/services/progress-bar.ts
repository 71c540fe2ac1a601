import type * as CliProgress from 'cli-progress';
import type { Progress } from '@winnow/core';

/** A progress bar on stderr with frames/s and ETA; silent when stderr is not a terminal. */
export function progressBar(enabled: boolean): { update(p: Progress): void; stop(): void } {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
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
      const fps = (p.done / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1);
      bar.setTotal(p.total);
      bar.update(p.done, { fps });
    },
    stop() {
      if (shown) bar.stop();
    },
  };
}
