import { hamming, parseHash64, popcount32 } from './hamming';

describe('hamming', () => {
  it('counts bits of 32-bit words', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
    expect(popcount32(0x0f0f0f0f)).toBe(16);
  });

  it('parses 16 hex digits, most significant first', () => {
    expect(parseHash64('8000000000000001')).toEqual({ hi: 0x80000000, lo: 1 });
    expect(() => parseHash64('xyz')).toThrow(/16 hex digits/);
  });

  it('measures the distance over both halves', () => {
    const a = parseHash64('ffffffff00000000');
    const b = parseHash64('fffffffe00000003');
    expect(hamming(a.hi, a.lo, b.hi, b.lo)).toBe(3);
    expect(hamming(a.hi, a.lo, a.hi, a.lo)).toBe(0);
  });
});
