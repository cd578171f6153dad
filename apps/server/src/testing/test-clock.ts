import type { Clock } from '../platform/clock';

/** Real time plus an offset the test can move forward (e.g. past the 15 s of a recording). */
export class TestClock implements Clock {
  private offset = 0;
  now() {
    return new Date(Date.now() + this.offset);
  }
  async advance(ms: number) {
    this.offset += ms;
  }
}
