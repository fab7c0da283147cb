import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { dayOf } from '../../src/upkeep/as-of';
import { renderReportHtml } from '../../src/upkeep/report-html';
import { runLore } from '../helpers/run-lore';
import { useSandbox } from '../helpers/sandbox';
import { asOfFor, AS_OF_MS, buildHistory, recentStart } from './history';

const CHROMIUM = process.env.LORE_CHROMIUM ?? '/usr/bin/chromium';
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
const ARTIFACTS = path.join(__dirname, '../../test-artifacts');
/** On CI the browser is installed (.ci/run), so its absence is a failure there; elsewhere the browser test is skipped. */
const browserIt = HAS_CHROMIUM || process.env.CI === 'true' ? it : it.skip;

interface Shown {
  path: string;
  value: string;
  text: string;
  tag: string;
}

/** The value at a dotted path (`gaps.0.count`, `review.stale.length`). */
function at(root: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], root);
}

/** How the report prints a value: rates as whole percentages, nothing as a dash. */
function shown(path: string, value: unknown): string {
  if (value === null) return '—';
  if (/(answerRate|helpfulness|lowerBound)$/.test(path)) return `${Math.round((value as number) * 100)}%`;
  return String(value);
}

describe('the HTML report', () => {
  const sandbox = useSandbox();

  it('escapes every text from people and loads nothing from outside', () => {
    const lore = buildHistory((clock) => sandbox.openLore({ clock }));
    lore.upkeep.reviews.setTagDays('', 'security', 1);
    const html = renderReportHtml(lore.upkeep.report({ asOf: AS_OF_MS }));
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; tricks');
    expect(html).toContain('&lt;i&gt;guest wifi&lt;/i&gt; for &quot;visitors&quot; &amp; contractors?');
    expect(html).not.toMatch(/<script|<b>bold|<i>guest|onerror=/i);
    expect(html).not.toMatch(/(src|href)=|url\(|@import/i);
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
  });

  browserIt('renders in headless Chromium with its charts drawn, and every figure equals the --json output', async () => {
    if (!HAS_CHROMIUM) throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (.ci/run does so on CI) or set LORE_CHROMIUM.`);
    const start = recentStart();
    const asOf = dayOf(asOfFor(start));
    buildHistory((clock) => sandbox.openLore({ clock }), start).close();
    const lore = (...args: string[]) => runLore([...args, '--db', sandbox.dbFile, '--as-of', asOf]);
    const out = sandbox.file('report.html');
    const report = await lore('report', '--out', out, '--json');
    expect(report.code).toBe(0);
    const expected = {
      review: (await lore('review', '--json')).lastJson(),
      gaps: (await lore('gaps', '--json')).lastJson<{ gaps: unknown[] }>().gaps,
      trends: (await lore('trends', '--json')).lastJson(),
      owners: (await lore('owners', '--json')).lastJson<{ owners: unknown[] }>().owners,
      usage: report.lastJson<{ usage: unknown }>().usage,
    };

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`file://${out}`);

      const charts = await page.$$eval('svg.chart', (svgs) =>
        svgs.map((svg) => ({
          label: svg.getAttribute('aria-label'),
          box: svg.getBoundingClientRect().width * svg.getBoundingClientRect().height,
          marks: [...svg.querySelectorAll('.mark, .series')].filter((mark) => {
            // The test is compiled without DOM types; in the page, every mark is an SVG graphics element.
            const box = (mark as unknown as { getBBox(): { width: number; height: number } }).getBBox();
            return box.width > 0 || box.height > 0;
          }).length,
        })),
      );
      expect(charts.map((c) => c.label)).toEqual(['Answer rate and helpfulness by week', 'Questions by week', 'People asking, by gap', "Owners' queues"]);
      for (const chart of charts) {
        expect(chart.box).toBeGreaterThan(10_000);
        expect(chart.marks).toBeGreaterThan(2);
      }

      const figures = await page.$$eval('[data-json]', (elements) =>
        elements.map((e) => ({ path: e.getAttribute('data-json')!, value: e.getAttribute('data-value')!, text: e.textContent ?? '', tag: e.tagName.toLowerCase() })),
      );
      expect(figures.length).toBeGreaterThan(100);
      const wrong = figures.filter((figure: Shown) => {
        const value = at(expected, figure.path);
        if (JSON.stringify(value) !== figure.value) return true;
        // Chart marks carry their value in data-value and a tooltip; other figures show it as text.
        return figure.tag === 'span' && figure.text !== shown(figure.path, value);
      });
      expect(wrong).toEqual([]);
      // The most-used articles and the answers by channel are in the page, each figure as the JSON has it.
      const usage = expected.usage as { mostUsed: unknown[]; channels: unknown[] };
      expect(usage.mostUsed.length).toBeGreaterThan(0);
      expect(usage.channels.length).toBeGreaterThan(0);
      expect(figures.some((f) => f.path === 'usage.mostUsed.0.answers')).toBe(true);
      expect(figures.some((f) => f.path === 'usage.channels.0.answered')).toBe(true);
      // Every gap, stale and failing article of the JSON is in the page.
      for (const [i] of expected.gaps.entries()) expect(figures.some((f) => f.path === `gaps.${i}.count`)).toBe(i >= 10 ? false : true);

      // The hostile title is text on the page, not markup, and nothing ran or was fetched.
      expect(await page.textContent('body')).toContain('<i>guest wifi</i> for "visitors" & contractors?');
      expect(await page.$$eval('script, img, iframe', (nodes) => nodes.length)).toBe(0);
      expect(requests).toEqual([`file://${out}`]);
      expect(errors).toEqual([]);

      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
      fs.copyFileSync(out, path.join(ARTIFACTS, 'report.html'));
    } finally {
      await browser.close();
    }
  });
});
