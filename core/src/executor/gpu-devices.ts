import { readdirSync } from 'node:fs';

/**
 * The GPUs this process may use, as CUDA device ids: `CUDA_VISIBLE_DEVICES` when it is set (empty or -1: none),
 * else one per NVIDIA device node (`/dev/nvidia0`, ...).
 */
export function visibleGpus(): string[] {
  const env = process.env.CUDA_VISIBLE_DEVICES;
  if (env !== undefined) {
    const ids = env.split(',').map((s) => s.trim());
    const hidden = ids.findIndex((id) => id === '' || id.startsWith('-')); // CUDA stops at the first invalid id
    return hidden < 0 ? ids : ids.slice(0, hidden);
  }
  try {
    return readdirSync('/dev')
      .filter((n) => /^nvidia\d+$/.test(n))
      .map((n) => n.slice('nvidia'.length))
      .sort((a, b) => Number(a) - Number(b));
  } catch {
    return [];
  }
}
