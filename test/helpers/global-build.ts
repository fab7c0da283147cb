import { ensureBuilt } from './build';

/**
 * Jest's global setup: builds dist/ once before the workers start, so the tests that run
 * the built program (the CLI, the drills, the evaluation) never build it themselves, in
 * parallel, from inside a test's time budget. A fresh `npm ci` has already built it.
 */
export default function globalBuild(): void {
  ensureBuilt();
}
