import type { Clock } from './clock.js';

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
  cancelled: boolean;
  /** A backstop: it fires in its turn, but does not keep the clock from being idle. */
  backstop: boolean;
}

/**
 * Deterministic simulated time. Timers sit in a priority queue; whenever no task handler is running
 * and every pending microtask has drained, the clock jumps to the earliest timer and fires every
 * timer due at that instant. A 1-hour Wait therefore costs one event-loop turn.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly heap: Timer[] = [];
  private seq = 0;
  private inflight = 0;
  /** Timers pending that are not backstops. */
  private pending = 0;
  private wake: (() => void) | null = null;
  onIdle: (() => boolean) | undefined;

  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    // Nothing cancels a sleep: its timer needs no cancel function (thousands of retries sleep).
    return new Promise((resolve) => {
      this.enqueue(ms, resolve, false);
    });
  }

  schedule(ms: number, fire: () => void): () => void {
    return this.add(ms, fire, false);
  }

  scheduleBackstop(ms: number, fire: () => void): () => void {
    return this.add(ms, fire, true);
  }

  private add(ms: number, fire: () => void, backstop: boolean): () => void {
    const timer = this.enqueue(ms, fire, backstop);
    return () => {
      if (timer.cancelled) return;
      timer.cancelled = true;
      if (!backstop) this.pending--;
    };
  }

  private enqueue(ms: number, fire: () => void, backstop: boolean): Timer {
    const timer: Timer = {
      at: this.current + Math.max(0, ms),
      seq: this.seq++,
      fire,
      cancelled: false,
      backstop,
    };
    if (!backstop) this.pending++;
    this.push(timer);
    return timer;
  }

  advanceTo(ms: number): void {
    if (ms > this.current) this.current = ms;
  }

  beginWork(): void {
    this.inflight++;
  }

  endWork(): void {
    this.inflight--;
    if (this.inflight === 0) this.poke();
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
    done.then(
      () => {
        finished = true;
        this.poke();
      },
      () => {
        finished = true;
        this.poke();
      },
    );
    while (!finished) {
      // setImmediate runs after every queued microtask, so all fibers have reached a blocking point.
      await new Promise<void>((r) => setImmediate(r));
      if (finished) break;
      if (this.inflight > 0) {
        await new Promise<void>((r) => {
          this.wake = r;
        });
        continue;
      }
      this.dropCancelled();
      const first = this.heap[0];
      if (!first || this.pending === 0) {
        // Nothing scheduled and nothing running: only an outside call (task token, abort) can help,
        // unless the owner decides that none will come.
        if (this.onIdle?.()) continue;
        await new Promise<void>((r) => {
          this.wake = r;
        });
        continue;
      }
      const at = first.at;
      this.current = Math.max(this.current, at);
      while (this.heap.length > 0 && (this.heap[0] as Timer).at === at) {
        const t = this.pop();
        if (t.cancelled) continue;
        t.cancelled = true;
        if (!t.backstop) this.pending--;
        t.fire();
      }
    }
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && (this.heap[0] as Timer).cancelled) this.pop();
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i] as Timer, h[p] as Timer)) break;
      const t = h[i] as Timer;
      h[i] = h[p] as Timer;
      h[p] = t;
      i = p;
    }
  }

  private pop(): Timer {
    const h = this.heap;
    const top = h[0] as Timer;
    const last = h.pop() as Timer;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l] as Timer, h[m] as Timer)) m = l;
        if (r < h.length && this.less(h[r] as Timer, h[m] as Timer)) m = r;
        if (m === i) break;
        const t = h[i] as Timer;
        h[i] = h[m] as Timer;
        h[m] = t;
        i = m;
      }
    }
    return top;
  }
}
