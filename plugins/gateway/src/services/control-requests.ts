import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isAlive, readJsonIfExists, writeFileAtomic } from '@winnow/core';
import { GatewayError, GatewayErrorCode } from './gateway-error';

/** A request from the CLI to the daemon: files in a folder, since the daemon has no port. */
export interface ControlRequest {
  readonly id: string;
  readonly op: 'stop';
  readonly token?: string;
  readonly at: string;
}

export interface ControlReply {
  readonly ok: boolean;
  readonly error?: { readonly code: string; readonly message: string; readonly exitCode: number; readonly suggestions: readonly string[] };
}

/** Sends one request and waits for the daemon's reply. */
export async function sendControl(dir: string, pid: number, op: ControlRequest['op'], token: string | undefined, timeoutMs: number): Promise<ControlReply> {
  const req: ControlRequest = { id: `${Date.now()}-${randomBytes(4).toString('hex')}`, op, token, at: new Date().toISOString() };
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path.join(dir, `${req.id}.json`), JSON.stringify(req));
  const replyFile = path.join(dir, `${req.id}.reply.json`);
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const reply = await readJsonIfExists<ControlReply>(replyFile);
      if (reply) return reply;
      if (!isAlive(pid)) throw new GatewayError(GatewayErrorCode.NotRunning, `the gateway (pid ${pid}) exited before answering`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new GatewayError(GatewayErrorCode.Timeout, `the gateway (pid ${pid}) did not answer "${op}" within ${timeoutMs} ms`);
  } finally {
    await fs.rm(path.join(dir, `${req.id}.json`), { force: true });
    await fs.rm(replyFile, { force: true });
  }
}

/** The daemon side: takes every waiting request, answers it with `handle`'s reply. */
export async function serveControl(dir: string, handle: (req: ControlRequest) => Promise<ControlReply>): Promise<void> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json') && !n.endsWith('.reply.json') && !n.startsWith('.'));
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    const req = await readJsonIfExists<ControlRequest>(file).catch(() => null);
    await fs.rm(file, { force: true });
    if (!req) continue;
    await writeFileAtomic(path.join(dir, `${req.id}.reply.json`), JSON.stringify(await handle(req)));
  }
}
