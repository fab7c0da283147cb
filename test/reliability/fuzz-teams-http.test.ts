import fc from 'fast-check';
import { type Activity, fixture, useTeamsHarness } from '../adapters/teams/support/teams-harness';
import { fuzzRuns, watchUnhandledRejections } from './support/fuzz-runs';
import { type LogEntry, recordingLogger } from './support/recording-logger';

/** Anything a hostile or broken client could put in a field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', '\u0000', '\u202e\u200b', '\ud800', '<at>Everyone</at> @everyone', 'x'.repeat(100_000), 'null', '{"a":', '[]', '-1', 'constructor', '__proto__'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 1, max: 500 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown),
);

/** Every path into a value, to replace one with a hostile value. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((item, i) => [i, item] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => paths(item, [...prefix, key]))];
}

function replaced(value: unknown, path: ReadonlyArray<string | number>, by: unknown): unknown {
  if (path.length === 0) return by;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) }) as Record<string | number, unknown>;
  copy[head!] = replaced(copy[head!], rest, by);
  return copy;
}

const TEMPLATES = [
  'playground-message-personal',
  'playground-message-channel-mention',
  'playground-invoke-adaptiveCard-action',
  'playground-invoke-composeExtension-fetchTask',
  'playground-invoke-composeExtension-submitAction',
  'playground-message-actionsubmit-value',
] as const;

describe('fuzzing the Teams HTTP entry point (/api/messages)', () => {
  let logs: LogEntry[] = [];
  const harness = useTeamsHarness({
    logger: () => {
      const recorder = recordingLogger();
      logs = recorder.entries;
      return recorder;
    },
  });
  const unhandled = watchUnhandledRejections();

  /** A 5xx, a hung request, a crash or a handler's programming error is a failure; 2xx and 4xx are answers. */
  async function expectHandled(send: () => Promise<{ status: number }>) {
    const { status } = await send();
    expect(status === 200 || (status >= 400 && status < 500) || status === 501).toBe(true);
  }

  it('answers arbitrary bodies (bytes, JSON of any shape) with 2xx or 4xx and keeps serving', async () => {
    const h = harness();
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
      fc.dictionary(fc.string({ maxLength: 12 }), hostileValue, { maxKeys: 6 }).map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        await expectHandled(() => h.raw(text));
      }),
      { numRuns: fuzzRuns(150) },
    );
    expect((await fetch(h.url.replace('/api/messages', '/healthz'))).status).toBe(200);
    expect(unhandled()).toEqual([]);
  });

  it("handles the playground's real activities with any field replaced by a hostile value", async () => {
    const h = harness();
    const mutation = fc.constantFrom(...TEMPLATES).chain((name) => {
      const template = fixture(name);
      return fc.tuple(fc.constant(template), fc.array(fc.tuple(fc.constantFrom(...paths(template)), hostileValue), { minLength: 1, maxLength: 3 }));
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ([template, edits]) => {
        let activity: unknown = { ...template, id: `fuzz-${Math.random()}` };
        for (const [path, value] of edits) activity = replaced(activity, path, value);
        await expectHandled(() => h.post(activity as Activity));
      }),
      { numRuns: fuzzRuns(200) },
    );
    // A handler may refuse what it cannot read; it must never fail with a programming error.
    const failures = logs.filter((entry) => entry.level === 'error' && /TypeError|ReferenceError|RangeError/.test(JSON.stringify(entry)));
    expect(failures).toEqual([]);
    expect(unhandled()).toEqual([]);
    expect((await fetch(h.url.replace('/api/messages', '/healthz'))).status).toBe(200);
  });
});
