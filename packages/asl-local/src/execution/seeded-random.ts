/**
 * A small deterministic PRNG (mulberry32) so jitter, `States.MathRandom`, `States.UUID`, `$random`
 * and `$uuid` replay identically for the same seed.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [start, end). */
  int(start: number, end: number): number {
    return start + Math.floor(this.next() * (end - start));
  }

  /** A version 4 UUID drawn from this generator. */
  uuid(): string {
    const word = () => Math.floor(this.next() * 4294967296);
    const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
    const a = word();
    const b = word();
    const c = word();
    const d = word();
    // Version 4 in the 13th hex digit, variant 10xx in the 17th.
    const b2 = ((b & 0xffff0fff) | 0x00004000) >>> 0;
    const c2 = ((c & 0x3fffffff) | 0x80000000) >>> 0;
    const h = `${hex(a, 8)}${hex(b2, 8)}${hex(c2, 8)}${hex(d, 8)}`;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}
