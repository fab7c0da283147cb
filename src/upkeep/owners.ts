import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import { LoreError } from '../errors';
import type { Article } from '../knowledge/article';
import type { KnowledgeBase } from '../knowledge/knowledge-base';

/** How many articles a hand-over moved, and to whom. */
export interface HandOver {
  from: string;
  to: string;
  articles: string[];
  tags: string[];
}

/** Who answers for an article when its own owner is unset. */
interface OwnedArticle {
  owner: string | null;
  workspace: string;
  tags: readonly string[];
}

/** Longest chain of hand-overs followed (a gone owner's successor may be gone too). */
const MAX_HAND_OVERS = 10;

/**
 * Who owns what. Every article has an owner: its own, else the owner of one of its tags,
 * else the fallback owner. A person who is gone (deactivated, removed) hands everything
 * over, to a named successor or to the fallback owner, never to nobody.
 */
export class Owners {
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly knowledge: KnowledgeBase,
    private readonly clock: Clock,
    /** Who takes articles nobody else owns (LORE_FALLBACK_OWNER); without one, a hand-over must name a successor. */
    readonly fallback?: string,
  ) {
    this.statements = {
      ownedBy: db.prepare<{ person: string; workspace: string | null }, { id: string }>(
        'SELECT id FROM articles WHERE owner = @person AND (@workspace IS NULL OR workspace = @workspace) ORDER BY id',
      ),
      ownerless: db.prepare<{ workspace: string | null }, { id: string }>(
        "SELECT id FROM articles WHERE owner IS NULL AND status != 'archived' AND (@workspace IS NULL OR workspace = @workspace) ORDER BY id",
      ),
      tagsOwnedBy: db.prepare<{ person: string; workspace: string | null }, { workspace: string; tag: string }>(
        'SELECT workspace, tag FROM tag_settings WHERE owner = @person AND (@workspace IS NULL OR workspace = @workspace) ORDER BY workspace, tag',
      ),
      moveTag: db.prepare<{ workspace: string; tag: string; to: string }>('UPDATE tag_settings SET owner = @to WHERE workspace = @workspace AND tag = @tag'),
      setTagOwner: db.prepare<{ workspace: string; tag: string; owner: string | null }>(
        `INSERT INTO tag_settings (workspace, tag, owner) VALUES (@workspace, @tag, @owner)
         ON CONFLICT (workspace, tag) DO UPDATE SET owner = excluded.owner`,
      ),
      tagOwners: db.prepare<[], { workspace: string; tag: string; owner: string }>('SELECT workspace, tag, owner FROM tag_settings WHERE owner IS NOT NULL'),
      gone: db.prepare<[string], { handed_to: string }>('SELECT handed_to FROM gone_people WHERE person = ?'),
      markGone: db.prepare<{ person: string; now: number; to: string }>(
        `INSERT INTO gone_people (person, gone_at, handed_to) VALUES (@person, @now, @to)
         ON CONFLICT (person) DO UPDATE SET handed_to = excluded.handed_to`,
      ),
      back: db.prepare<[string]>('DELETE FROM gone_people WHERE person = ?'),
    };
  }

  /**
   * Who answers for an article now: its owner (or whoever took over from them), else the
   * owner of its first owned tag (its workspace's setting before the shared one), else the
   * fallback owner; null only when none of these exists.
   */
  ownerOf(article: OwnedArticle, tagOwners = this.tagOwners()): string | null {
    if (article.owner) return this.successor(article.owner);
    for (const tag of [...article.tags].sort()) {
      const owner = tagOwners.get(`${article.workspace}\u0000${tag}`) ?? tagOwners.get(`\u0000${tag}`);
      if (owner) return this.successor(owner);
    }
    return this.fallback ?? null;
  }

  /** Tag owners keyed by workspace and tag, read once for a whole listing. */
  tagOwners(): Map<string, string> {
    return new Map(this.statements.tagOwners.all().map((row) => [`${row.workspace}\u0000${row.tag}`, row.owner]));
  }

  /** Makes `owner` answer for the articles of a tag that have no owner of their own (null: no tag owner). */
  setTagOwner(workspace: string, tag: string, owner: string | null): void {
    this.statements.setTagOwner.run({ workspace, tag: tag.trim().toLowerCase(), owner });
  }

  /** Gives one article to another owner. */
  assign(id: string, to: string, by: string | null): Article {
    const article = this.knowledge.articles.setOwner(id, this.successor(to), { by, reason: `owner: ${to}` });
    this.knowledge.refresh({ force: true });
    return article;
  }

  /** Hands every article and tag `from` owns (in one workspace, or all) to `to`. */
  handOver(from: string, next: string, options: { by?: string | null; workspace?: string } = {}): HandOver {
    const to = this.successor(next);
    if (from === to) throw new LoreError('INVALID_INPUT', `${from} cannot hand over to themselves; name someone else.`);
    const workspace = options.workspace ?? null;
    const moved = this.db.transaction(() => {
      const articles = this.statements.ownedBy.all({ person: from, workspace }).map((row) => row.id);
      for (const id of articles) this.knowledge.articles.setOwner(id, to, { by: options.by ?? null, reason: `hand-over: ${from} → ${to}` });
      const tags = this.statements.tagsOwnedBy.all({ person: from, workspace });
      for (const tag of tags) this.statements.moveTag.run({ ...tag, to });
      return { from, to, articles, tags: tags.map((t) => (t.workspace ? `${t.workspace}:${t.tag}` : t.tag)) };
    }).immediate();
    this.knowledge.refresh({ force: true });
    return moved;
  }

  /**
   * Someone is gone (deactivated or removed): everything they own goes to `to`, else to
   * the fallback owner, and anything later assigned to them goes there too.
   */
  gone(person: string, options: { to?: string; by?: string | null } = {}): HandOver {
    const to = options.to ?? this.fallback;
    if (!to) {
      throw new LoreError('INVALID_INPUT', `Name who takes over ${person}'s articles (--to PERSON), or set a fallback owner (LORE_FALLBACK_OWNER).`);
    }
    const successor = this.successor(to);
    if (successor === person) throw new LoreError('INVALID_INPUT', `${person} is gone, so they cannot take over; name someone else.`);
    return this.db.transaction(() => {
      const moved = this.handOver(person, successor, { by: options.by });
      this.statements.markGone.run({ person, now: this.clock.now(), to: successor });
      return moved;
    }).immediate();
  }

  /** A person who was marked gone is back: new articles may be assigned to them again. */
  back(person: string): void {
    this.statements.back.run(person);
  }

  /** Gives every article that has no owner at all (imported without one) to `to`, else the fallback owner. */
  adoptOwnerless(options: { to?: string; by?: string | null; workspace?: string } = {}): string[] {
    const to = options.to ?? this.fallback;
    if (!to) throw new LoreError('INVALID_INPUT', 'Name who takes the articles that have no owner (--to PERSON), or set a fallback owner (LORE_FALLBACK_OWNER).');
    const ids = this.db.transaction(() => {
      const rows = this.statements.ownerless.all({ workspace: options.workspace ?? null }).map((row) => row.id);
      for (const id of rows) this.knowledge.articles.setOwner(id, this.successor(to), { by: options.by ?? null, reason: `owner: ${to} (had none)` });
      return rows;
    }).immediate();
    this.knowledge.refresh({ force: true });
    return ids;
  }

  /** Who acts for `person`: themselves, or whoever took over when they left. */
  successor(person: string): string {
    let current = person;
    for (let step = 0; step < MAX_HAND_OVERS; step++) {
      const next = this.statements.gone.get(current)?.handed_to;
      if (!next || next === current) return current;
      current = next;
    }
    return this.fallback ?? current;
  }
}
