/**
 * How many cases each property tries: a bounded number in CI, more on demand
 * (`FUZZ_RUNS=2000 npm run reliability:fuzz`).
 */
export function fuzzRuns(inCi: number): number {
  const asked = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(asked) && asked > 0 ? asked : inCi;
}

/** Collects unhandled promise rejections while a test runs; none may happen. */
export function watchUnhandledRejections(): () => unknown[] {
  const seen: unknown[] = [];
  const record = (reason: unknown) => void seen.push(reason);
  beforeEach(() => {
    seen.length = 0;
    process.on('unhandledRejection', record);
  });
  afterEach(() => {
    process.off('unhandledRejection', record);
  });
  return () => [...seen];
}
