import { ManualClock } from '../../src/clock';
import { RETRY_WINDOW_MS, SeenDeliveries } from '../../src/deliveries/seen-deliveries';
import { START, useSandbox } from '../helpers/sandbox';

describe('SeenDeliveries', () => {
  const sandbox = useSandbox();

  it('lets exactly one of two processes on one database claim a delivery, for the retry window', () => {
    const clock = new ManualClock(START);
    const first = new SeenDeliveries(sandbox.openLore({ clock }).db, clock);
    const second = new SeenDeliveries(sandbox.openLore({ clock }).db, clock);
    expect(first.claim('event:Ev1')).toBe(true);
    expect(second.claim('event:Ev1')).toBe(false);
    expect(first.claim('event:Ev1')).toBe(false);
    expect(second.claim('event:Ev2')).toBe(true);

    clock.advance(RETRY_WINDOW_MS);
    // Past the window a key is new again, and old keys are cleared out.
    expect(second.claim('event:Ev1')).toBe(true);
    expect(sandbox.connect().prepare('SELECT key FROM seen_deliveries ORDER BY key').pluck().all()).toEqual(['event:Ev1']);
  });

  it('releases a key whose handling failed, so the retry is handled', () => {
    const clock = new ManualClock(START);
    const seen = new SeenDeliveries(sandbox.openLore({ clock }).db, clock);
    expect(seen.claim('message:T1:C1:1.1')).toBe(true);
    seen.release('message:T1:C1:1.1');
    expect(seen.claim('message:T1:C1:1.1')).toBe(true);
  });

  it('keeps a claim made with database work only when the work is written', () => {
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    const seen = new SeenDeliveries(lore.db, clock);
    lore.db.exec('CREATE TABLE work (n INTEGER) STRICT');
    expect(() =>
      seen.claimWith('view:V1:h1', () => {
        lore.db.exec('INSERT INTO work VALUES (1)');
        throw new Error('failed half-way');
      }),
    ).toThrow('failed half-way');
    expect(lore.db.prepare('SELECT count(*) FROM work').pluck().get()).toBe(0);
    expect(seen.claimWith('view:V1:h1', () => lore.db.exec('INSERT INTO work VALUES (2)'))).toEqual({ value: expect.anything() });
    expect(seen.claimWith('view:V1:h1', () => lore.db.exec('INSERT INTO work VALUES (3)'))).toBeUndefined();
    expect(lore.db.prepare('SELECT n FROM work').pluck().all()).toEqual([2]);
  });
});
