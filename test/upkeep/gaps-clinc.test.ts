import fs from 'node:fs';
import path from 'node:path';
import { ManualClock } from '../../src/clock';
import { DAY_MS } from '../../src/upkeep/as-of';
import { seed } from '../helpers/articles';
import { START, useSandbox } from '../helpers/sandbox';

const DATA = path.join(__dirname, '../../data/eval/clinc150');
const articles = JSON.parse(fs.readFileSync(path.join(DATA, 'articles.json'), 'utf8')) as Array<{ id: string; title: string; body: string; questions: string[] }>;
const val = JSON.parse(fs.readFileSync(path.join(DATA, 'val.json'), 'utf8')) as Array<{ question: string; article: string | null }>;

/** Intents whose articles are not loaded: people ask about them (20 real paraphrases each) and Lore has no answer. */
const MISSING = ['lost_luggage', 'credit_score', 'insurance_change', 'find_phone', 'meeting_schedule', 'weather', 'pto_request', 'report_fraud'];
/** Out-of-scope questions (no CLINC intent) that are about one topic, by a word they all have. */
const OOS_TOPICS: Record<string, RegExp> = { brexit: /brexit/, 'black holes': /black hole/, democracy: /democra/, 'fake news': /fake news/, 'bad habits': /bad habit/ };

interface Asked {
  question: string;
  label: string | null;
}

describe('Gaps on CLINC150', () => {
  const sandbox = useSandbox();

  it('puts paraphrases of one missing topic together and different topics apart', () => {
    const clock = new ManualClock(START);
    const lore = sandbox.openLore({ clock });
    // A base of 40 other intents, so that some missing questions get a (wrong) answer and a 👎.
    const loaded = articles.filter((a) => !MISSING.includes(a.id)).filter((_, i) => i % 3 === 0);
    seed(lore, loaded.map((a) => ({ id: a.id.replace(/_/g, '-'), title: a.title, body: a.body || a.title, questions: a.questions.slice(0, 10) })));

    const asked: Asked[] = [
      ...val.filter((q) => q.article !== null && MISSING.includes(q.article)).map((q) => ({ question: q.question, label: q.article })),
      ...val.filter((q) => q.article === null).map((q) => ({ question: q.question, label: Object.keys(OOS_TOPICS).find((t) => OOS_TOPICS[t]!.test(q.question)) ?? null })),
    ];
    let downvoted = 0;
    const askStarted = Date.now();
    lore.answerer.ask("warm up", { workspace: "", platform: "slack", isEval: true });
    const warmMs = Date.now() - askStarted;
    asked.forEach((q, i) => {
      clock.set(START + (i % 7) * DAY_MS);
      const reply = lore.answerer.ask(q.question, { workspace: '', platform: 'slack', asker: `U${i}` });
      if (reply.decision === 'answer') {
        lore.votes.cast({ questionId: reply.questionId, articleId: reply.results[0]!.id, voter: `U${i}`, value: -1 });
        downvoted++;
      }
    });

    clock.set(START + 7 * DAY_MS);
    const started = Date.now();
    const gaps = lore.upkeep.gaps.list();
    const listMs = Date.now() - started;
    const gapOf = new Map<string, number>();
    gaps.forEach((gap, g) => {
      for (const id of gap.questionIds) {
        const text = lore.db.prepare<[number], { text: string }>('SELECT text FROM questions WHERE id = ?').get(id)!.text;
        gapOf.set(text, g);
      }
    });
    // Every question asked is in a gap: abstained, or answered and left with a 👎.
    expect(gapOf.size).toBe(new Set(asked.map((q) => q.question)).size);

    const labelled = asked.filter((q): q is Asked & { label: string } => q.label !== null);
    const labels = [...new Set(labelled.map((q) => q.label))];
    // Together: the share of each topic's questions in the gap that holds most of them.
    const majorityGap = new Map<string, number>();
    let together = 0;
    for (const label of labels) {
      const counts = new Map<number, number>();
      for (const q of labelled.filter((l) => l.label === label)) counts.set(gapOf.get(q.question)!, (counts.get(gapOf.get(q.question)!) ?? 0) + 1);
      const [best, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
      majorityGap.set(label, best);
      together += count;
    }
    // Apart: the share of labelled questions whose gap's most common topic is their own (purity).
    let pure = 0;
    const byGap = new Map<number, string[]>();
    for (const q of labelled) byGap.set(gapOf.get(q.question)!, [...(byGap.get(gapOf.get(q.question)!) ?? []), q.label]);
    for (const members of byGap.values()) pure += Math.max(...labels.map((l) => members.filter((m) => m === l).length));
    const figures = {
      questions: asked.length,
      downvoted,
      gaps: gaps.length,
      askMs: Date.now() - askStarted - listMs,
      listMs,
      warmMs,
      together: Math.round((together / labelled.length) * 1000) / 1000,
      purity: Math.round((pure / labelled.length) * 1000) / 1000,
      perTopic: Object.fromEntries(labels.map((l) => [l, `${gaps[majorityGap.get(l)!]!.topic} (${labelled.filter((q) => q.label === l && gapOf.get(q.question) === majorityGap.get(l)).length}/${labelled.filter((q) => q.label === l).length})`])),
    };
    fs.mkdirSync(path.join(__dirname, '../../test-artifacts'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, '../../test-artifacts/gap-clusters.json'), `${JSON.stringify(figures, null, 2)}\n`);

    expect(figures.purity).toBeGreaterThanOrEqual(0.9);
    expect(figures.together).toBeGreaterThanOrEqual(0.6);
    // Each missing intent has its own gap: no two share their majority gap.
    const intentGaps = MISSING.map((intent) => majorityGap.get(intent));
    expect(new Set(intentGaps).size).toBe(MISSING.length);
    // The most asked gaps are the missing intents (20 people each), not the scattered out-of-scope questions.
    expect(gaps.slice(0, 4).every((gap) => gap.count >= 8)).toBe(true);
  });
});
