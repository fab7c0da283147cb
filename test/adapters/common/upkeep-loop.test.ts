import { type UpkeepDelivery, UpkeepLoop } from '../../../adapters/common/upkeep-loop';
import { systemClock } from '../../../src/clock';
import { silentLogger } from '../../../src/logger';
import { START, useSandbox } from '../../helpers/sandbox';

const MINUTE_MS = 60_000;

/** A delivery that only records when the digest was sent (the platform is not the point here). */
function recordingDelivery(): UpkeepDelivery & { digests: number[] } {
  const digests: number[] = [];
  return { platform: 'test', digests, deliverNotice: async () => 'sent', sendDigest: async (asOf) => void digests.push(asOf) };
}

/**
 * The loop's own timer, driven by jest's fake timers: Lore reads the (faked) system clock,
 * so moving the timers moves Lore's time with them, and no test waits a real minute.
 */
describe('the upkeep loop once started', () => {
  const sandbox = useSandbox();

  afterEach(() => jest.useRealTimers());

  it('ticks every interval and sends the digest at its scheduled minute, once', async () => {
    // START is a Wednesday, 09:00 UTC: begin two minutes before the digest is due.
    jest.useFakeTimers({ now: START - 2 * MINUTE_MS });
    const lore = sandbox.openLore({ clock: systemClock });
    const delivery = recordingDelivery();
    const loop = new UpkeepLoop({ lore, delivery, logger: silentLogger, schedule: 'wed 09:00' });
    loop.start();

    await jest.advanceTimersByTimeAsync(MINUTE_MS);
    expect(delivery.digests).toEqual([]);
    await jest.advanceTimersByTimeAsync(MINUTE_MS);
    expect(delivery.digests).toEqual([START]);
    await jest.advanceTimersByTimeAsync(10 * MINUTE_MS);
    expect(delivery.digests).toEqual([START]);

    await loop.stop();
    await jest.advanceTimersByTimeAsync(7 * 24 * 60 * MINUTE_MS);
    expect(delivery.digests).toEqual([START]);
  });

  it('ticks at the interval it is given, not before', async () => {
    jest.useFakeTimers({ now: START - 10 * MINUTE_MS });
    const lore = sandbox.openLore({ clock: systemClock });
    const delivery = recordingDelivery();
    const loop = new UpkeepLoop({ lore, delivery, logger: silentLogger, schedule: 'wed 09:00', intervalMs: 10 * MINUTE_MS });
    loop.start();
    expect(jest.getTimerCount()).toBeGreaterThan(0);

    await jest.advanceTimersByTimeAsync(10 * MINUTE_MS - 1);
    expect(delivery.digests).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(delivery.digests).toEqual([START]);
    await loop.stop();
  });
});
