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
    const hex: string[] = [];
    for (let i = 0; i < 16; i++) hex.push(this.int(0, 256).toString(16).padStart(2, '0'));
    hex[6] = ((Number.parseInt(hex[6] ?? '0', 16) & 0x0f) | 0x40).toString(16).padStart(2, '0');
    hex[8] = ((Number.parseInt(hex[8] ?? '0', 16) & 0x3f) | 0x80).toString(16).padStart(2, '0');
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}
