import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import { isAlive } from '../fs/file-lock';

export interface Heartbeat {
  readonly pid: number;
  readonly host: string;
  readonly at: string;
}

/**
 * Heartbeats are small files rewritten in place (no fsync: losing one on a power cut only makes its owner look
 * stale, which is what a power cut means anyway).
 */
export async function beat(file: string): Promise<void> {
  const hb: Heartbeat = { pid: process.pid, host: os.hostname(), at: new Date().toISOString() };
  await fs.writeFile(file, JSON.stringify(hb));
}

export async function readHeartbeat(file: string): Promise<Heartbeat | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Heartbeat;
  } catch {
    return null;
  }
}

/** Stale: missing, older than `staleMs`, or written by a process of this host that is gone. */
export function isStale(hb: Heartbeat | null, staleMs: number, now = Date.now()): boolean {
  if (!hb) return true;
  if (now - Date.parse(hb.at) > staleMs) return true;
  return hb.host === os.hostname() && !isAlive(hb.pid);
}
