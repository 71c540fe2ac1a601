import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { npmOk } from './npm';

/** A verdaccio registry on a free loopback port, storage in a temp folder, with a publish token. */
export interface LocalRegistry {
  readonly url: string;
  readonly token: string;
  /** An npm userconfig with the token and `@winnow:registry` pointing here (everything else: the npm registry). */
  readonly npmrc: string;
  publish(tarballOrDir: string): Promise<void>;
  stop(): Promise<void>;
}

/** Why verdaccio cannot run here, or null when it can. */
export function verdaccioUnavailable(): string | null {
  try {
    require.resolve('verdaccio/package.json');
    return null;
  } catch {
    return 'verdaccio is not installed (npm ci installs it as a root devDependency)';
  }
}

export async function startRegistry(dir: string): Promise<LocalRegistry> {
  await fs.mkdir(dir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const config = path.join(dir, 'config.yaml');
  await fs.writeFile(
    config,
    [
      `storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
      '    max_users: 100',
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      'log: { type: stdout, format: json, level: error }',
      '',
    ].join('\n'),
  );
  const bin = path.join(path.dirname(require.resolve('verdaccio/package.json')), 'bin/verdaccio');
  const child = spawn(process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  await waitUntilUp(url, child, () => output);
  const token = await userToken(url, 'winnow-test', 'winnow-test-password');
  const npmrc = path.join(dir, 'npmrc');
  await fs.writeFile(npmrc, `@winnow:registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
  return {
    url,
    token,
    npmrc,
    async publish(target) {
      await npmOk(['publish', target, '--registry', url, '--userconfig', npmrc, '--access', 'public', '--ignore-scripts'], dir);
    },
    stop: () => stop(child),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited ${child.exitCode}: ${output()}`);
    try {
      if ((await fetch(`${url}-/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`verdaccio did not answer on ${url} within 30 s: ${output()}`);
}

/** Creates the user (or logs in again with Basic auth when it already exists) and returns its token. */
async function userToken(url: string, name: string, password: string): Promise<string> {
  const body = JSON.stringify({ _id: `org.couchdb.user:${name}`, name, password, type: 'user', roles: [], date: new Date().toISOString() });
  const endpoint = `${url}-/user/org.couchdb.user:${encodeURIComponent(name)}`;
  let res = await fetch(endpoint, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
  if (res.status === 409) {
    const basic = Buffer.from(`${name}:${password}`).toString('base64');
    res = await fetch(endpoint, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` }, body });
  }
  const json = (await res.json()) as { token?: string; error?: string };
  if (!res.ok || !json.token) throw new Error(`verdaccio refused user ${name}: ${res.status} ${json.error ?? ''}`);
  return json.token;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}
