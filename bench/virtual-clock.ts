/**
 * Simulated time for benchmarks: work "takes" simulated seconds and ends when the clock passes
 * its end, so call counts of polling loops are those of real time without waiting for it.
 */
export class VirtualClock {
  private nowSeconds = 0;
  private waiters: Array<{ at: number; resolve: () => void }> = [];
  private ticker: NodeJS.Timeout | undefined;

  get now(): number {
    return this.nowSeconds;
  }

  /** Resolves once the clock has advanced by `seconds`. */
  sleep(seconds: number): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ at: this.nowSeconds + seconds, resolve }));
  }

  advance(seconds: number): void {
    this.nowSeconds += seconds;
    const due = this.waiters.filter((waiter) => waiter.at <= this.nowSeconds);
    this.waiters = this.waiters.filter((waiter) => waiter.at > this.nowSeconds);
    for (const waiter of due) waiter.resolve();
  }

  /** Advances one simulated second every real millisecond until stopped. */
  run(): void {
    this.ticker ??= setInterval(() => this.advance(1), 1);
  }

  stop(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }
}
