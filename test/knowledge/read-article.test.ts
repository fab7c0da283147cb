import { markdownBlocks } from '../../src/knowledge/markdown-blocks';
import { readArticle } from '../../src/knowledge/read-article';
import { seed } from '../helpers/articles';
import { useSandbox } from '../helpers/sandbox';

describe('readArticle', () => {
  const sandbox = useSandbox();

  it('gives the whole article as Markdown to whoever may see it, and nothing to anyone else', () => {
    const lore = sandbox.openLore();
    seed(lore, [{ id: 'shared', title: 'Shared article', body: '1. One\n2. Two' }]);
    seed(lore, [{ id: 'team-a', title: 'Team A only', body: 'Secret of A.' }], 'slack:TA');
    seed(lore, [{ id: 'hr', title: 'HR only', body: 'Salary bands.', audience: ['CHR'] }], 'slack:TA');
    seed(lore, [{ id: 'draft', title: 'A draft', body: 'Not yet.', status: 'draft' }], 'slack:TA');

    expect(readArticle(lore.knowledge, 'shared', { workspace: 'slack:TB' })?.markdown).toBe('# Shared article\n\n1. One\n2. Two\n');
    expect(readArticle(lore.knowledge, 'team-a', { workspace: 'slack:TA' })?.article.id).toBe('team-a');
    // Another workspace's article, a restricted one outside its channel, a draft, and an unknown id look alike.
    expect(readArticle(lore.knowledge, 'team-a', { workspace: 'slack:TB' })).toBeUndefined();
    expect(readArticle(lore.knowledge, 'hr', { workspace: 'slack:TA' })).toBeUndefined();
    expect(readArticle(lore.knowledge, 'hr', { workspace: 'slack:TA', channel: 'CGENERAL' })).toBeUndefined();
    expect(readArticle(lore.knowledge, 'hr', { workspace: 'slack:TA', channel: 'CHR' })?.article.id).toBe('hr');
    expect(readArticle(lore.knowledge, 'hr', { workspace: 'slack:TB', channel: 'CHR' })).toBeUndefined();
    expect(readArticle(lore.knowledge, 'draft', { workspace: 'slack:TA' })).toBeUndefined();
    expect(readArticle(lore.knowledge, 'nope', { workspace: 'slack:TA' })).toBeUndefined();
  });
});

describe('markdownBlocks', () => {
  it('keeps headings, paragraphs, list items with their continuation and code blocks as written', () => {
    const blocks = markdownBlocks('## Steps\n\nDo this:\n1. First\n   still first\n2. Second\n   - nested\n\n```\na\n\nb\n```\nLast line.');
    expect(blocks).toEqual([
      { kind: 'heading', markdown: '## Steps' },
      { kind: 'paragraph', markdown: 'Do this:' },
      { kind: 'item', markdown: '1. First\n   still first', list: 1 },
      { kind: 'item', markdown: '2. Second\n   - nested', list: 1 },
      { kind: 'code', markdown: '```\na\n\nb\n```' },
      { kind: 'paragraph', markdown: 'Last line.' },
    ]);
  });
});
