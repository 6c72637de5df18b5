import type { Clock } from './clock.js';

/** Wall-clock time: Wait states and retry intervals really wait. */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
  schedule(ms: number, fire: () => void): () => void {
    const t = setTimeout(fire, ms);
    return () => clearTimeout(t);
  }
  beginWork(): void {}
  endWork(): void {}
  poke(): void {}
  async drive(done: Promise<unknown>): Promise<void> {
    await done.then(
      () => undefined,
      () => undefined,
    );
  }
}
