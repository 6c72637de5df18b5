import type { Clock } from './clock.js';

const MAX_TIMEOUT_MS = 2_147_483_647;

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
    const due = Date.now() + ms;
    let t: ReturnType<typeof setTimeout>;
    // setTimeout holds at most 2^31 - 1 ms (longer delays fire at once): wait in steps.
    const arm = () => {
      t = setTimeout(
        () => {
          if (Date.now() < due) return arm();
          done = true;
          this.timers--;
          fire();
          this.poke();
        },
        Math.min(Math.max(0, due - Date.now()), MAX_TIMEOUT_MS),
      );
    };
    arm();
    return () => {
      if (done) return;
      done = true;
      this.timers--;
      clearTimeout(t);
      this.poke();
    };
  }
  /** Real time never reaches a year inside a test run: the backstop is not armed. */
  scheduleBackstop(): () => void {
    return () => {};
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
