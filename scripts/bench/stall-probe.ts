import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Measures the longest the event loop was blocked while some work ran: a Slack request
 * arriving then would have waited that long. A timer is asked to fire every 5 ms; how
 * late it fires is the stall.
 */
export function startStallProbe(): { stop(): number } {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let last = process.hrtime.bigint();
  let longest = 0;
  // A plain timer as well: the histogram misses a stall that ends the measured work.
  const timer = setInterval(() => {
    const now = process.hrtime.bigint();
    longest = Math.max(longest, Number(now - last) / 1e6);
    last = now;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      histogram.disable();
      const tail = Number(process.hrtime.bigint() - last) / 1e6;
      return Math.max(histogram.max / 1e6, longest, tail) ;
    },
  };
}
