import { ManualClock } from '../../src/clock';
import { silentLogger } from '../../src/logger';
import { SourceSchedule } from '../../src/sources/source-schedule';
import { SourceSync } from '../../src/sources/source-sync';
import { START, useSandbox } from '../helpers/sandbox';
import { startConfluenceStandIn } from './support/confluence-stand-in';

const HOUR_MS = 60 * 60 * 1000;
const note = (id: string, text: string) => `---\nid: ${id}\ntitle: ${text}\n---\n${text}, explained.\n`;

describe('SourceSchedule', () => {
  const sandbox = useSandbox();

  /** Two Lore processes on one database, each with its own schedule, on one clock. */
  function setUp() {
    sandbox.write('notes/a.md', note('a', 'Order a monitor'));
    const clock = new ManualClock(START);
    const schedules = [0, 1].map(() => {
      const lore = sandbox.openLore({ clock });
      const sync = new SourceSync(lore.knowledge, lore.db, clock, { env: {} });
      return { lore, sync, schedule: new SourceSchedule({ sync, clock, logger: silentLogger, intervalMs: HOUR_MS, watchFolders: false }) };
    });
    schedules[0]!.sync.add('notes', '', { kind: 'folder', path: sandbox.file('notes') });
    const syncs = () => schedules[0]!.lore.db.prepare("SELECT last_sync_at AS at FROM sources WHERE name = 'notes'").get() as { at: number | null };
    return { clock, schedules, syncs };
  }

  it('syncs each source once per interval between all the processes sharing the database', async () => {
    const { clock, schedules, syncs } = setUp();
    await Promise.all(schedules.map((s) => s.schedule.tick()));
    expect(syncs().at).toBe(START);
    expect(schedules[1]!.lore.knowledge.get('a')?.title).toBe('Order a monitor');

    sandbox.write('notes/b.md', note('b', 'Book a meeting room'));
    clock.advance(HOUR_MS / 2);
    await Promise.all(schedules.map((s) => s.schedule.tick()));
    expect(syncs().at).toBe(START);
    expect(schedules[0]!.lore.knowledge.get('b')).toBeUndefined();

    clock.advance(HOUR_MS / 2);
    await Promise.all(schedules.map((s) => s.schedule.tick()));
    expect(syncs().at).toBe(START + HOUR_MS);
    expect(schedules[0]!.lore.knowledge.get('b')?.title).toBe('Book a meeting room');
  });

  it('syncs a watched folder soon after a file in it changes', async () => {
    sandbox.write('notes/a.md', note('a', 'Order a monitor'));
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    const sync = new SourceSync(lore.knowledge, lore.db, clock, { env: {} });
    sync.add('notes', '', { kind: 'folder', path: sandbox.file('notes') });
    const schedule = new SourceSchedule({ sync, clock, logger: silentLogger, intervalMs: HOUR_MS, debounceMs: 20 });
    await schedule.tick();
    expect(lore.knowledge.get('a')).toBeDefined();
    try {
      sandbox.write('notes/deep/c.md', note('c', 'Replace a broken charger'));
      for (let tries = 0; tries < 200 && !lore.knowledge.get('c'); tries++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(lore.knowledge.get('c')?.title).toBe('Replace a broken charger');
    } finally {
      await schedule.stop();
    }
  });

  it('stops a sync under way when Lore stops, even one waiting out a Retry-After, and changes nothing', async () => {
    const wiki = await startConfluenceStandIn();
    try {
      wiki.put({ id: '1', space: 'IT', title: 'Reset a password', storage: '<p>Use the portal.</p>' });
      wiki.fail({ status: 429, retryAfter: '240' });
      const clock = new ManualClock(START);
      const lore = sandbox.openLore({ clock });
      let waiting!: () => void;
      const asked = new Promise<void>((resolve) => (waiting = resolve));
      // A wait that never ends by itself: only stopping can end it.
      const sleep = () => (waiting(), new Promise<void>(() => undefined));
      const sync = new SourceSync(lore.knowledge, lore.db, clock, { env: {}, http: { sleep } });
      sync.add('wiki', '', { kind: 'confluence', url: `${wiki.origin}/wiki`, spaces: ['IT'] });
      const schedule = new SourceSchedule({ sync, clock, logger: silentLogger, intervalMs: HOUR_MS });
      schedule.start();
      await asked;
      await schedule.stop();
      expect(lore.knowledge.get('confluence:IT:1')).toBeUndefined();
      expect(sync.list()[0]).toMatchObject({ lastSyncAt: null, error: expect.stringContaining('stopped before it finished') });
      // The claim is released: the next start syncs it.
      await expect(sync.sync('wiki')).resolves.toMatchObject({ added: 1 });
    } finally {
      await wiki.close();
    }
  });
});
