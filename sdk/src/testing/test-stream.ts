import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/** The part of sharp the kit uses; sharp comes from @winnow/core's own dependency, so a stage need not install it. */
type SharpFactory = (input: Buffer, options: { raw: { width: number; height: number; channels: 3 } }) => { jpeg(o: { quality: number }): { toBuffer(): Promise<Buffer> } };

function sharpOfCore(): SharpFactory {
  const fromCore = createRequire(require.resolve('@winnow/core/package.json'));
  return fromCore('sharp') as SharpFactory;
}

/** Index of the frame whose content the kit changes to check that the cache key follows the input. */
export const CHANGED_FRAME = 2;

export interface TestStream {
  readonly dir: string;
  /** Frame indices of the files that cannot be used: one is not an image, one is a truncated JPEG. */
  readonly unreadable: readonly number[];
  readonly frames: number;
}

/**
 * Writes `image_<i>.jpg` frames: smooth gradients with a moving bright square, so every metric has something
 * to measure, plus one file that is not an image and one JPEG cut in half.
 */
export async function writeTestStream(dir: string, frames: number, width: number, height: number, variant = 0): Promise<TestStream> {
  const sharp = sharpOfCore();
  await fs.mkdir(dir, { recursive: true });
  const notImage = Math.min(5, frames - 1);
  const truncated = Math.min(7, frames);
  const total = frames + 2;
  let good = 0;
  for (let i = 0; i < total; i++) {
    const file = path.join(dir, `image_${i}.jpg`);
    if (i === notImage) {
      await fs.writeFile(file, 'this is not a JPEG\n');
      continue;
    }
    const jpeg = await sharp(pixels(width, height, i === CHANGED_FRAME ? good + variant * 1000 : good), { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer();
    good++;
    await fs.writeFile(file, i === truncated ? jpeg.subarray(0, Math.floor(jpeg.length / 2)) : jpeg);
  }
  return { dir, unreadable: [notImage, truncated], frames: total };
}

function pixels(width: number, height: number, seed: number): Buffer {
  const out = Buffer.alloc(width * height * 3);
  const brightness = 40 + ((seed * 37) % 160);
  const sx = (seed * 11) % Math.max(1, width - 16);
  const sy = (seed * 7) % Math.max(1, height - 16);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const inSquare = x >= sx && x < sx + 16 && y >= sy && y < sy + 16;
      const g = inSquare ? 250 : (brightness + ((x * 3 + y * 2) % 50)) & 255;
      out[o] = g;
      out[o + 1] = (g + seed * 5) & 255;
      out[o + 2] = (g + 255 - seed * 3) & 255;
    }
  }
  return out;
}
