import type { Gap } from './gaps';
import { escapeHtml } from './html-escape';
import { barChart, columnChart, lineChart, percent, stackedBarChart } from './svg-charts';
import type { UpkeepReport } from './upkeep';

const COLORS = { answer: '#2563eb', helpful: '#16a34a', volume: '#94a3b8', gap: '#f97316', stale: '#eab308', failing: '#dc2626' };
const TOP_GAPS = 10;

/**
 * The report as one self-contained HTML page a help-desk lead can open or mail: inline
 * CSS, charts as inline SVG, no script and nothing fetched (its Content-Security-Policy
 * forbids both). Every text from people (titles, questions, names) is escaped. Every
 * figure carries `data-json`, its path in the JSON the CLI prints (`review.stale.0.due`,
 * `gaps.2.count`, `trends.weeks.7.answerRate`), and `data-value`, the value as JSON.
 */
export function renderReportHtml(report: UpkeepReport): string {
  const { review, gaps, trends } = report;
  const weeks = trends.weeks;
  const lastWeek = weeks.length - 1;
  const scope = report.workspace === null ? 'all workspaces' : report.workspace === '' ? 'the shared base' : `workspace ${report.workspace}`;
  const body = [
    `<header><h1>Lore report</h1><p>As of ${escapeHtml(report.asOf)}, ${escapeHtml(scope)}.</p></header>`,
    '<section class="tiles">',
    tile('Questions this week', figure(`trends.weeks.${lastWeek}.questions`, weeks[lastWeek]?.questions ?? 0)),
    tile(
      'Answer rate this week',
      weeks[lastWeek]?.answerRate == null
        ? 'no questions'
        : `${figure(`trends.weeks.${lastWeek}.answerRate`, weeks[lastWeek]!.answerRate, percent)} <small>${figure(`trends.weeks.${lastWeek}.answered`, weeks[lastWeek]!.answered)} of ${figure(`trends.weeks.${lastWeek}.questions`, weeks[lastWeek]!.questions)}</small>`,
    ),
    tile(
      'Helpful this week',
      weeks[lastWeek]?.helpfulness == null
        ? 'no votes'
        : `${figure(`trends.weeks.${lastWeek}.helpfulness`, weeks[lastWeek]!.helpfulness, percent)} <small>${figure(`trends.weeks.${lastWeek}.up`, weeks[lastWeek]!.up)} 👍 ${figure(`trends.weeks.${lastWeek}.down`, weeks[lastWeek]!.down)} 👎</small>`,
    ),
    tile('Answered, no person needed, this week', figure(`trends.weeks.${lastWeek}.answered`, weeks[lastWeek]?.answered ?? 0)),
    tile('Open gaps', figure('gaps.length', gaps.length)),
    tile('Stale articles', figure('review.stale.length', review.stale.length)),
    tile('Failing articles', figure('review.failing.length', review.failing.length)),
    '</section>',
    '<section><h2>Answer rate and helpfulness by week</h2>',
    lineChart(
      'Answer rate and helpfulness by week',
      weeks.map((w) => w.week.slice(5)),
      [
        { name: 'answer rate', color: COLORS.answer, values: weeks.map((w) => w.answerRate), paths: weeks.map((_, i) => `trends.weeks.${i}.answerRate`) },
        { name: 'helpfulness', color: COLORS.helpful, values: weeks.map((w) => w.helpfulness), paths: weeks.map((_, i) => `trends.weeks.${i}.helpfulness`) },
      ],
    ),
    '<h2>Questions by week</h2>',
    columnChart('Questions by week', weeks.map((w, i) => ({ label: w.week.slice(5), value: w.questions, path: `trends.weeks.${i}.questions` })), COLORS.volume),
    weekTable(report),
    risingList(report),
    '</section>',
    usageSection(report),
    '<section><h2>Top gaps</h2>',
    barChart('People asking, by gap', gaps.slice(0, TOP_GAPS).map((gap, i) => ({ label: gap.topic, value: gap.count, path: `gaps.${i}.count` })), COLORS.gap),
    gapTable(gaps.slice(0, TOP_GAPS)),
    '</section>',
    '<section><h2>Owners\' queues</h2>',
    stackedBarChart(
      "Owners' queues",
      report.owners.map((o, i) => ({
        label: o.owner,
        parts: [
          { value: o.stale, path: `owners.${i}.stale` },
          { value: o.failing, path: `owners.${i}.failing` },
          { value: o.gaps, path: `owners.${i}.gaps` },
        ],
      })),
      [
        { name: 'stale', color: COLORS.stale },
        { name: 'failing', color: COLORS.failing },
        { name: 'gaps', color: COLORS.gap },
      ],
    ),
    '</section>',
    `<section><h2>Stale articles (${review.stale.length})</h2>`,
    table(
      ['Article', 'Owner', 'Last verified', 'Due', 'Days overdue'],
      review.stale.map((a, i) => [
        `${escapeHtml(a.title)} <code>${figure(`review.stale.${i}.id`, a.id)}</code>${fromSource(a)}`,
        figure(`review.stale.${i}.owner`, a.owner),
        figure(`review.stale.${i}.lastVerified`, a.lastVerified),
        figure(`review.stale.${i}.due`, a.due),
        figure(`review.stale.${i}.overdueDays`, a.overdueDays),
      ]),
    ),
    `<h2>Failing articles (${review.failing.length})</h2>`,
    table(
      ['Article', 'Owner', 'Votes up', 'Votes down', 'Unhelpful at least'],
      review.failing.map((a, i) => [
        `${escapeHtml(a.title)} <code>${figure(`review.failing.${i}.id`, a.id)}</code>${fromSource(a)}`,
        figure(`review.failing.${i}.owner`, a.owner),
        figure(`review.failing.${i}.up`, a.up),
        figure(`review.failing.${i}.down`, a.down),
        figure(`review.failing.${i}.lowerBound`, a.lowerBound, percent),
      ]),
    ),
    '</section>',
    '<footer>Stale: the review interval (the article\'s own, else its tags\', else 90 days) has passed since it was last verified. ',
    'Failing: at least 5 people voted and the 95% lower bound on the share of votes down is above one half. ',
    'Answer rate: questions answered and not left with a vote down (answered with no person needed); blank in weeks with no question. Gaps: unanswered or voted-down questions of the last 90 days, by topic.</footer>',
  ].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lore report ${escapeHtml(report.asOf)}</title>
<style>${STYLE}</style></head>
<body>
${body}
</body></html>
`;
}

/** A value shown in the page, tied to its place in the JSON. */
function figure(path: string, value: string | number | null, show: (value: number) => string = String): string {
  const text = value === null ? '—' : typeof value === 'number' ? show(value) : value;
  return `<span data-json="${escapeHtml(path)}" data-value="${escapeHtml(JSON.stringify(value))}">${escapeHtml(text)}</span>`;
}

function tile(label: string, content: string): string {
  return `<div class="tile"><div class="value">${content}</div><div class="label">${escapeHtml(label)}</div></div>`;
}

function table(headings: string[], rows: string[][]): string {
  if (rows.length === 0) return '<p class="empty">None.</p>';
  const head = headings.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function weekTable(report: UpkeepReport): string {
  return table(
    ['Week', 'Questions', 'Answered, no person needed', 'Answer rate', 'Votes up', 'Votes down', 'Helpful'],
    report.trends.weeks.map((w, i) => [
      `${figure(`trends.weeks.${i}.week`, w.week)} <small>from ${escapeHtml(w.start)}</small>`,
      figure(`trends.weeks.${i}.questions`, w.questions),
      figure(`trends.weeks.${i}.answered`, w.answered),
      figure(`trends.weeks.${i}.answerRate`, w.answerRate, percent),
      figure(`trends.weeks.${i}.up`, w.up),
      figure(`trends.weeks.${i}.down`, w.down),
      figure(`trends.weeks.${i}.helpfulness`, w.helpfulness, percent),
    ]),
  );
}

/** The articles most answered with and most voted down, and where questions come from, each percentage beside its counts. */
function usageSection(report: UpkeepReport): string {
  const { mostUsed, mostFailing, channels } = report.usage;
  const articleRows = (list: typeof mostUsed, key: 'mostUsed' | 'mostFailing') =>
    list.map((a, i) => [
      `${escapeHtml(a.title)} <code>${figure(`usage.${key}.${i}.id`, a.id)}</code>`,
      figure(`usage.${key}.${i}.answers`, a.answers),
      figure(`usage.${key}.${i}.up`, a.up),
      figure(`usage.${key}.${i}.down`, a.down),
    ]);
  return [
    '<section><h2>Most-used articles</h2>',
    table(['Article', 'Answers', 'Votes up', 'Votes down'], articleRows(mostUsed, 'mostUsed')),
    '<h2>Most voted-down articles</h2>',
    table(['Article', 'Answers', 'Votes up', 'Votes down'], articleRows(mostFailing, 'mostFailing')),
    '<h2>Answers by platform and channel</h2>',
    table(
      ['Platform', 'Channel', 'Questions', 'Answered, no person needed', 'Share'],
      channels.map((c, i) => [
        figure(`usage.channels.${i}.platform`, c.platform),
        figure(`usage.channels.${i}.channel`, c.channel),
        figure(`usage.channels.${i}.questions`, c.questions),
        figure(`usage.channels.${i}.answered`, c.answered),
        escapeHtml(percent(c.answered / c.questions)),
      ]),
    ),
    '</section>',
  ].join('\n');
}

function risingList(report: UpkeepReport): string {
  if (report.trends.rising.length === 0) return '';
  const items = report.trends.rising.map(
    (r, i) =>
      `<li><strong>${figure(`trends.rising.${i}.topic`, r.topic)}</strong> questions ${r.factor === null ? 'new' : `×${figure(`trends.rising.${i}.factor`, r.factor)}`} since ${escapeHtml(r.since)} (${figure(`trends.rising.${i}.recent`, r.recent)} so far)</li>`,
  );
  return `<h2>Rising topics</h2><ul class="rising">${items.join('')}</ul>`;
}

function gapTable(gaps: Gap[]): string {
  return table(
    ['Topic', 'People', 'Examples', 'Owner', 'Due'],
    gaps.map((gap, i) => [
      figure(`gaps.${i}.topic`, gap.topic),
      figure(`gaps.${i}.count`, gap.count),
      `<ul>${gap.examples.map((e, k) => `<li>${figure(`gaps.${i}.examples.${k}`, e)}</li>`).join('')}</ul>`,
      figure(`gaps.${i}.owner`, gap.owner),
      figure(`gaps.${i}.due`, gap.due),
    ]),
  );
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #0f172a; margin: 24px auto; max-width: 960px; padding: 0 16px; }
h1 { margin-bottom: 0; } h2 { margin-top: 28px; font-size: 18px; }
header p { color: #475569; margin-top: 4px; }
.tiles { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; margin: 16px 0; }
.tile { border: 1px solid #e2e8f0; border-radius: 8px; padding: 12px; }
.tile .value { font-size: 26px; font-weight: 600; } .tile .label { color: #64748b; font-size: 13px; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 8px 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e2e8f0; vertical-align: top; }
td ul { margin: 0; padding-left: 16px; } code { color: #64748b; } small { color: #64748b; }
.empty { color: #64748b; } footer { margin-top: 32px; color: #64748b; font-size: 12px; }
`;

/** Where an article is fixed when it is synced from a source: there, not in Lore. */
function fromSource(article: { source: string | null; sourceUrl: string | null }): string {
  if (!article.source) return '';
  const name = escapeHtml(article.source);
  const url = article.sourceUrl && /^https?:\/\//i.test(article.sourceUrl) ? article.sourceUrl : undefined;
  return ` <small>from ${url ? `<a href="${escapeHtml(url)}">${name}</a>` : name}</small>`;
}
