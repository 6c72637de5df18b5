import type { Clock } from './clock.js';

/**
 * Wall-clock time: Wait states and retry intervals really wait. It counts its timers and the
 * outside work in flight so that it, too, can tell when nothing can happen any more.
 */
export class RealClock implements Clock {
  private timers = 0;
  private inflight = 0;
  private wake: (() => void) | null = null;
  onIdle: (() => boolean) | undefined;

  now(): number {
    return Date.now();
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.schedule(ms, resolve);
    });
  }
  schedule(ms: number, fire: () => void): () => void {
    this.timers++;
    let done = false;
    const t = setTimeout(() => {
      done = true;
      this.timers--;
      fire();
      this.poke();
    }, ms);
    return () => {
      if (done) return;
      done = true;
      this.timers--;
      clearTimeout(t);
      this.poke();
    };
  }
  advanceTo(): void {}
  beginWork(): void {
    this.inflight++;
  }
  endWork(): void {
    this.inflight--;
    this.poke();
  }
  poke(): void {
    const w = this.wake;
    if (w) {
      this.wake = null;
      w();
    }
  }
  async drive(done: Promise<unknown>): Promise<void> {
    let finished = false;
    const end = () => {
      finished = true;
      this.poke();
    };
    done.then(end, end);
    while (!finished) {
      // After every queued microtask: all fibers have reached a blocking point.
      await new Promise<void>((r) => setImmediate(r));
      if (finished) break;
      if (this.inflight === 0 && this.timers === 0 && this.onIdle?.()) continue;
      await new Promise<void>((r) => {
        this.wake = r;
      });
    }
  }
}
