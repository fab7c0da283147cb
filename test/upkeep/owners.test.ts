import { isLoreError } from '../../src/errors';
import type { Lore } from '../../src/lore';
import { DAY_MS } from '../../src/upkeep/as-of';
import { articleInput, seed } from '../helpers/articles';
import { START, useSandbox } from '../helpers/sandbox';

const OWNED = [
  { id: 'vpn-home', title: 'Connect to the VPN from home', body: 'Install GlobalProtect.', tags: ['vpn'], owner: 'ada' },
  { id: 'password-reset', title: 'Reset a forgotten password', body: 'Use the intranet page.', tags: ['accounts'], owner: 'ada' },
  { id: 'printer-add', title: 'Add an office printer', body: 'Add the FollowMe queue.', tags: ['printing'], owner: 'bob' },
];

function ownersOf(lore: Lore): Record<string, string | null> {
  const rows = lore.db.prepare<[], { id: string; owner: string | null }>('SELECT id, owner FROM articles ORDER BY id').all();
  return Object.fromEntries(rows.map((row) => [row.id, row.owner]));
}

describe('Owners', () => {
  const sandbox = useSandbox();

  it('makes whoever imported or captured an article its owner unless it names one', () => {
    const lore = sandbox.openLore();
    lore.knowledge.save(articleInput({ id: 'imported', title: 'Imported', body: 'Text.' }), '', { by: 'ada', reason: 'import' });
    lore.knowledge.save(articleInput({ id: 'named', title: 'Named', body: 'Text.', owner: 'it-team' }), '', { by: 'ada', reason: 'import' });
    const captured = lore.capturer.capture({ workspace: '', platform: 'slack', question: 'Where is the first aid kit?', answer: 'Behind reception.', capturedBy: 'U7', answerAuthor: 'U8' });
    expect(ownersOf(lore)).toMatchObject({ imported: 'ada', named: 'it-team', [captured.article.id]: 'U7' });
  });

  it('hands everything a person owns to another, with a revision saying who and why', () => {
    const lore = sandbox.openLore();
    seed(lore, OWNED);
    lore.upkeep.owners.setTagOwner('', 'vpn', 'ada');
    const moved = lore.upkeep.owners.handOver('ada', 'cy', { by: 'lead' });
    expect(moved).toEqual({ from: 'ada', to: 'cy', articles: ['password-reset', 'vpn-home'], tags: ['vpn'] });
    expect(ownersOf(lore)).toEqual({ 'password-reset': 'cy', 'printer-add': 'bob', 'vpn-home': 'cy' });
    expect(lore.knowledge.articles.revisions('vpn-home').at(-1)).toMatchObject({ editedBy: 'lead', reason: 'hand-over: ada → cy' });
  });

  it('gives a gone owner\'s articles to the fallback owner, never to nobody, and later hand-overs to them too', () => {
    const lore = sandbox.openLore({ fallbackOwner: 'helpdesk' });
    seed(lore, OWNED);
    const moved = lore.upkeep.owners.gone('ada');
    expect(moved.to).toBe('helpdesk');
    const owners = ownersOf(lore);
    expect(Object.values(owners)).not.toContain('ada');
    expect(Object.values(owners)).not.toContain(null);
    // Assigning to someone who left reaches whoever took over from them.
    expect(lore.upkeep.owners.assign('printer-add', 'ada', 'lead').owner).toBe('helpdesk');
    // Someone gone who is handed over to a gone person: the chain is followed.
    lore.upkeep.owners.gone('bob', { to: 'ada' });
    expect(Object.values(ownersOf(lore))).toEqual(['helpdesk', 'helpdesk', 'helpdesk']);
  });

  it('refuses a hand-over with nobody to take over, leaving every article with its owner', () => {
    const lore = sandbox.openLore();
    seed(lore, OWNED);
    let error: unknown;
    try {
      lore.upkeep.owners.gone('ada');
    } catch (caught) {
      error = caught;
    }
    expect(isLoreError(error, 'INVALID_INPUT')).toBe(true);
    expect((error as Error).message).toMatch(/--to PERSON.*LORE_FALLBACK_OWNER/);
    expect(ownersOf(lore)).toEqual({ 'password-reset': 'ada', 'printer-add': 'bob', 'vpn-home': 'ada' });
    expect(lore.upkeep.owners.gone('ada', { to: 'cy' }).articles).toEqual(['password-reset', 'vpn-home']);
  });

  it('reports an article without an owner under its tag owner, else the fallback owner, and can give such articles an owner', () => {
    const lore = sandbox.openLore({ fallbackOwner: 'helpdesk' });
    seed(lore, [{ ...OWNED[0]!, owner: undefined }, { ...OWNED[1]!, owner: undefined }]);
    lore.db.prepare('UPDATE articles SET owner = NULL').run();
    lore.upkeep.owners.setTagOwner('', 'vpn', 'netops');
    const stale = lore.upkeep.reviews.stale({ asOf: START + 90 * DAY_MS });
    expect(Object.fromEntries(stale.map((a) => [a.id, a.owner]))).toEqual({ 'vpn-home': 'netops', 'password-reset': 'helpdesk' });

    expect(lore.upkeep.owners.adoptOwnerless()).toEqual(['password-reset', 'vpn-home']);
    expect(ownersOf(lore)).toEqual({ 'password-reset': 'helpdesk', 'vpn-home': 'helpdesk' });
  });
});
