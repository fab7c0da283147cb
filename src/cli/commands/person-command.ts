import { LoreError } from '../../errors';
import type { Command } from '../command';

const ACTIONS = ['export', 'erase'] as const;

export const personCommand: Command = {
  name: 'person',
  summary: "export or erase one person's questions, votes and attribution (access and erasure requests)",
  usage: 'lore person export|erase PERSON [--yes] [--db FILE] [--json]',
  options: { yes: { type: 'boolean', short: 'y' } },
  help: [
    'PERSON is a user id as Lore records it (Slack U0123ABCD, a Teams id), or the name a capture recorded as',
    "an answer's author (run once with each).",
    'export  everything kept about the person: questions asked, votes, phrasings confirmed or rejected,',
    '        captures, and articles they own, wrote, verified or edited (--json for the whole record)',
    'erase   deletes their questions (with the votes on those answers) and votes, their say on learned',
    '        phrasings, and phrasings learned only from their questions; takes their name off captures,',
    '        articles and revisions. Articles stay, and so does ownership (a role: hand it over first).',
    '        Needs --yes. A running Lore keeps its article records in memory until it restarts.',
  ],
  positionals: { min: 2, max: 2, name: 'export|erase PERSON' },
  async run([action, person], values, context) {
    if (!(ACTIONS as readonly string[]).includes(action!)) throw new LoreError('USAGE', `the action must be export or erase, not "${action}".`);
    if (!person!.trim()) throw new LoreError('USAGE', 'name the person (a user id, or an author name).');
    if (action === 'erase' && !values.yes) {
      throw new LoreError('USAGE', `erasing cannot be undone: run \`lore person export ${person}\` to see what goes, then add --yes.`);
    }
    const lore = context.openLore(values);
    try {
      if (action === 'export') {
        const record = lore.personData.export(person!);
        context.print(values, record, () =>
          [
            `${person}: ${record.questions.length} questions, ${record.votes.length} votes, ${record.endorsements.length} phrasings endorsed, ${record.captures.length} captures, ${record.articles.length} articles`,
            ...record.questions.map((q) => `  asked   ${new Date(q.askedAt).toISOString()}  ${q.text}${q.answeredWith ? `  → ${q.answeredWith}` : ''}`),
            ...record.votes.map((v) => `  voted   ${new Date(v.at).toISOString()}  ${v.value > 0 ? '👍' : '👎'} ${v.articleId} (question ${v.questionId})`),
            ...record.captures.map((c) => `  ${c.role.padEnd(7)} ${new Date(c.at).toISOString()}  ${c.question}${c.articleId ? `  → ${c.articleId}` : ''}`),
            ...record.articles.map((a) => `  article ${a.id} (${a.roles.join(', ')})  ${a.title}`),
          ].join('\n'),
        );
        return 0;
      }
      const erased = lore.personData.erase(person!);
      context.print(values, erased, () =>
        `erased ${person}: ${erased.questions} questions, ${erased.votes} votes, ${erased.endorsements} endorsements, ${erased.learnedQuestions} learned phrasings; unlinked ${erased.captures} captures, ${erased.articles} articles, ${erased.revisions} revisions`,
      );
      return 0;
    } finally {
      lore.close();
    }
  },
};
