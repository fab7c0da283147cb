/**
 * The test tiers (docs/testing.md). A test file's tier is decided by where it lives, so a
 * new file lands in the right tier without touching this file:
 *
 * - quality:     test/eval/**         answer quality on the open sets in data/eval
 * - reliability: test/reliability/**  crash drill, load, fuzz, soak
 * - bench:       test/bench/**        the benchmark's smoke run
 * - unit:        everything else      what `npm test` runs; fast, needs nothing beside the repo
 *
 * `npx jest test/some.test.ts` runs a file whatever its tier; `npm test` and the
 * `test:*` scripts pick one tier each with `--selectProjects`.
 */
const TIER_FOLDERS = {
  quality: 'test/eval',
  reliability: 'test/reliability',
  bench: 'test/bench',
};

const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Builds dist/ once, before any worker starts, for the tests that run the built program.
  globalSetup: '<rootDir>/test/helpers/global-build.ts',
};

/** A tier's own tests: every test file under its folder. */
function tier(name, folder) {
  return { ...common, displayName: name, testMatch: [`<rootDir>/${folder}/**/*.test.ts`] };
}

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...Object.values(TIER_FOLDERS).map((folder) => `<rootDir>/${folder}/`)],
    },
    tier('quality', TIER_FOLDERS.quality),
    tier('reliability', TIER_FOLDERS.reliability),
    tier('bench', TIER_FOLDERS.bench),
  ],
  // Jest reads the timeout for all projects at once; the slow tiers set longer ones per test.
  testTimeout: 60_000,
  // One worker per core: by default jest keeps a core for itself, which idles, and on a
  // 2-core machine the unit tier then ran on one core.
  maxWorkers: '100%',
};
