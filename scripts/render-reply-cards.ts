/**
 * Renders Lore's Teams answer card and whole-article dialog card to PNG, as the Adaptive
 * Cards JavaScript renderer draws them in headless Chromium, for the documentation
 * (docs/images/), where the Microsoft 365 Agents Playground can't be run.
 *
 *   npm run build && node dist/scripts/render-reply-cards.js [OUT_DIR]
 *
 * LORE_CHROMIUM: the Chromium to drive (default /usr/bin/chromium).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { articleCard, replyCard } from '../adapters/teams/cards';
import { defaultSampleDir } from '../adapters/package-root';
import { loadSampleIfEmpty, openLore, readArticle } from '../src/index';

/**
 * The Markdown Teams renders in a TextBlock (paragraphs, bullet and numbered lists, bold,
 * italics, links, backslash escapes), for the renderer, which leaves Markdown to its host.
 */
const TEAMS_MARKDOWN = `
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const inline = (s) => escape(s)
    .replace(/\\\\([\\\\\\\`*_\\[\\]()#+\\-!>~|])/g, (_, c) => '&#' + c.charCodeAt(0) + ';')
    .replace(/\\*\\*([^*]+)\\*\\*/g, '<strong>$1</strong>')
    .replace(/(^|\\W)_([^_]+)_(?=\\W|$)/g, '$1<em>$2</em>')
    .replace(/\\[([^\\]]*)\\]\\(([^)\\s]+)\\)/g, '<a href="$2">$1</a>');
  const html = text.split(/\\n{2,}/).map((para) => {
    const lines = para.split('\\n');
    if (lines.every((l) => /^\\s*(?:[-*]|\\d+\\.)\\s/.test(l))) {
      const ordered = /^\\s*\\d+\\./.test(lines[0]);
      const items = lines.map((l) => '<li>' + inline(l.replace(/^\\s*(?:[-*]|\\d+\\.)\\s+/, '')) + '</li>').join('');
      return ordered ? '<ol style="margin:0;padding-left:22px">' + items + '</ol>' : '<ul style="margin:0;padding-left:22px">' + items + '</ul>';
    }
    return '<p style="margin:0 0 8px 0">' + lines.map(inline).join('<br>') + '</p>';
  }).join('');
  result.outputHtml = html;
  result.didProcess = true;
};
`;

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? 'docs/images');
  const lore = openLore({ dbFile: ':memory:' });
  try {
    await loadSampleIfEmpty(lore.knowledge, defaultSampleDir());
    const context = { workspace: '', platform: 'teams', asker: 'docs', place: 'docs' };
    const first = lore.answerer.ask('my laptop is super slow', context);
    const followUp = lore.answerer.ask('pw reset', context);
    const reading = readArticle(lore.knowledge, 'password-reset', { workspace: '' });
    if (!reading || first.decision !== 'answer' || followUp.decision !== 'answer') throw new Error('the sample base no longer answers the documented questions');
    const renderer = require.resolve('adaptivecards/dist/adaptivecards.min.js');
    const browser = await chromium.launch({ executablePath: process.env.LORE_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 740, height: 400 }, deviceScaleFactor: 2 });
      await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>
        body { margin: 0; padding: 16px; background: #f5f5f5; font-family: "Segoe UI", "DejaVu Sans", sans-serif; }
        #card { background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.2); padding: 4px; width: 700px; }
        .ac-pushButton { margin-top: 6px; border: 1px solid #c8c8c8; background: #fff; border-radius: 4px; padding: 6px 10px; font: inherit; }
        a { color: #4f52b2; }
      </style></head><body><div id="card"></div></body></html>`);
      await page.addScriptTag({ path: renderer });
      await page.addScriptTag({ content: TEAMS_MARKDOWN });
      const shots: Array<[string, unknown]> = [
        ['teams-answer-card.png', replyCard(first)],
        ['teams-whole-article.png', articleCard(reading, 0)],
      ];
      fs.mkdirSync(out, { recursive: true });
      for (const [file, card] of shots) {
        // Runs in the page, which has a DOM; this script is compiled without one.
        await page.evaluate(`(() => {
          const card = new AdaptiveCards.AdaptiveCard();
          card.parse(${JSON.stringify(card)});
          document.getElementById('card').replaceChildren(card.render());
        })()`);
        await page.locator('#card').screenshot({ path: path.join(out, file) });
        process.stdout.write(`${path.join(out, file)}\n`);
      }
    } finally {
      await browser.close();
    }
  } finally {
    lore.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
