import { hamming, parseHash64 } from './hamming';
import { phash } from './phash';
import { picture } from '../../fingerprint/src/testing/test-pictures';

const distance = (a: string, b: string): number => {
  const x = parseHash64(a);
  const y = parseHash64(b);
  return hamming(x.hi, x.lo, y.hi, y.lo);
};

describe('phash', () => {
  it('is 16 hex digits and deterministic', () => {
    const p = picture({ width: 32, height: 32 });
    expect(phash(p)).toMatch(/^[0-9a-f]{16}$/);
    expect(phash(p)).toBe(phash(picture({ width: 32, height: 32 })));
  });

  it('stays within the default radius (8) under noise and exposure, and moves for a different picture', () => {
    const base = phash(picture({ width: 32, height: 32 }));
    expect(distance(base, phash(picture({ width: 32, height: 32, noise: 0.5, seed: 5 })))).toBeLessThanOrEqual(8);
    expect(distance(base, phash(picture({ width: 32, height: 32, gain: 0.8, offset: 10 })))).toBeLessThanOrEqual(8);
    const flipped = picture({ width: 32, height: 32 }).reverse();
    expect(distance(base, phash(flipped))).toBeGreaterThan(16);
  });

  it('hashes a flat picture to its DC bit alone', () => {
    expect(phash(new Uint8Array(1024).fill(128))).toBe('8000000000000000');
  });

  it('rejects a view of another size', () => {
    expect(() => phash(new Uint8Array(64 * 64), 64, 64)).toThrow(/32x32/);
  });
});
