import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './cli';

export interface NpmResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment without what `npm test` passes down (npm_config_*, npm_package_*), so a child npm acts as a user's would. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'NODE_OPTIONS' && k !== 'INIT_CWD') env[k] = v;
  return { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
}

export function npm(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<NpmResult> {
  return new Promise((resolve) => {
    execFile('npm', [...args], { cwd, env: cleanEnv(env), maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Runs npm and throws with its output when it fails. */
export async function npmOk(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await npm(args, cwd, env);
  if (r.code !== 0) throw new Error(`npm ${args.join(' ')} (in ${cwd}) exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Packs workspace packages (built `dist/` included) into `dest`; returns tarball paths by package name. */
export async function packWorkspaces(workspaces: readonly string[], dest: string): Promise<Record<string, string>> {
  const out = await npmOk(['pack', '--json', '--pack-destination', dest, ...workspaces.flatMap((w) => ['-w', w])], ROOT);
  const packed = JSON.parse(out) as { name: string; filename: string }[];
  return Object.fromEntries(packed.map((p) => [p.name, path.join(dest, p.filename)]));
}
