import type Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../src/db/migrate';
import type { Migration } from '../../src/db/migration';
import { migrations } from '../../src/db/migrations';
import { isLoreError } from '../../src/errors';
import { ManualClock } from '../../src/clock';
import { ArticleStore } from '../../src/knowledge/article-store';
import { useSandbox } from '../helpers/sandbox';

const NEWEST = migrations.at(-1)!.version;
/** Every version a database can be at before the newest (numbers may skip until the lead renumbers branches' migrations). */
const EARLIER = [0, ...migrations.slice(0, -1).map((m) => m.version)];

function tableNames(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((row) => row.name);
}

/**
 * Rows as each earlier schema version stored them, written with that version's columns.
 * Adding a migration means adding the rows of the version before it here.
 */
const OLD_ROWS: Record<number, { write(db: Database.Database): void; check(db: Database.Database): void }> = {
  0: { write: () => undefined, check: () => undefined },
  1: {
    write(db) {
      db.prepare(
        `INSERT INTO articles (id, workspace, title, body, status, owner, author, source_url, created_at, updated_at,
           verified_at, verified_by, revision, change_seq)
         VALUES ('vpn-home', 'T1', 'Connect to the VPN', 'Install GlobalProtect.', 'published', 'it', 'ada',
           'https://wiki.example.com/vpn', 1000, 2000, 1500, 'grace', 2, 1)`,
      ).run();
      db.prepare("INSERT INTO article_tags (article_id, tag) VALUES ('vpn-home', 'vpn'), ('vpn-home', 'remote')").run();
      db.prepare(
        "INSERT INTO article_questions (article_id, text, origin, weight, created_at, created_by) VALUES ('vpn-home', 'vpn is down', 'learned', 0.5, 1000, 'bob')",
      ).run();
      db.prepare(
        `INSERT INTO article_revisions (article_id, revision, title, body, tags, status, edited_by, edited_at, reason)
         VALUES ('vpn-home', 1, 'VPN', 'Old text.', 'vpn', 'draft', 'ada', 1000, 'import'),
                ('vpn-home', 2, 'Connect to the VPN', 'Install GlobalProtect.', 'remote,vpn', 'published', 'ada', 2000, 'edit')`,
      ).run();
    },
    check(db) {
      expect(db.prepare('SELECT * FROM articles').all()).toEqual([
        {
          id: 'vpn-home',
          workspace: 'T1',
          title: 'Connect to the VPN',
          body: 'Install GlobalProtect.',
          status: 'published',
          owner: 'it',
          author: 'ada',
          source_url: 'https://wiki.example.com/vpn',
          created_at: 1000,
          updated_at: 2000,
          verified_at: 1500,
          verified_by: 'grace',
          revision: 2,
          change_seq: 1,
          review_days: null,
          audience: null,
        },
      ]);
      expect(db.prepare('SELECT article_id, tag FROM article_tags ORDER BY tag').all()).toEqual([
        { article_id: 'vpn-home', tag: 'remote' },
        { article_id: 'vpn-home', tag: 'vpn' },
      ]);
      expect(db.prepare('SELECT article_id, text, origin, weight, created_at, created_by FROM article_questions').all()).toEqual([
        { article_id: 'vpn-home', text: 'vpn is down', origin: 'learned', weight: 0.5, created_at: 1000, created_by: 'bob' },
      ]);
      expect(db.prepare('SELECT revision, title, body, tags, status, reason FROM article_revisions ORDER BY revision').all()).toEqual([
        { revision: 1, title: 'VPN', body: 'Old text.', tags: 'vpn', status: 'draft', reason: 'import' },
        { revision: 2, title: 'Connect to the VPN', body: 'Install GlobalProtect.', tags: 'remote,vpn', status: 'published', reason: 'edit' },
      ]);
    },
  },
  2: {
    write(db) {
      OLD_ROWS[1]!.write(db);
      db.prepare(
        `INSERT INTO questions (id, workspace, text, asker, place, platform, asked_at, decision, confidence, top_article_id, is_eval)
         VALUES (7, 'T1', 'vpn down again', 'U1', 'C1', 'slack', 3000, 'answer', 0.8, 'vpn-home', 0)`,
      ).run();
      db.prepare("INSERT INTO question_results (question_id, rank, article_id, score) VALUES (7, 1, 'vpn-home', 0.8)").run();
      db.prepare(
        "INSERT INTO votes (workspace, question_id, article_id, voter, value, created_at, updated_at) VALUES ('T1', 7, 'vpn-home', 'U2', -1, 3100, 3200)",
      ).run();
      db.prepare(
        `INSERT INTO captures (workspace, article_id, action, question, answer, answer_author, captured_by, source_url, source_at, platform, dedupe_key, created_at)
         VALUES ('T1', 'vpn-home', 'created', 'vpn?', 'Install it.', 'U3', 'U4', 'https://x.example.com/p/1', 2900, 'slack', 'k1', 3300)`,
      ).run();
    },
    check(db) {
      OLD_ROWS[1]!.check(db);
      expect(db.prepare('SELECT id, text, decision, confidence, top_article_id FROM questions').all()).toEqual([
        { id: 7, text: 'vpn down again', decision: 'answer', confidence: 0.8, top_article_id: 'vpn-home' },
      ]);
      expect(db.prepare('SELECT question_id, article_id, voter, value FROM votes').all()).toEqual([
        { question_id: 7, article_id: 'vpn-home', voter: 'U2', value: -1 },
      ]);
      expect(db.prepare('SELECT action, question, dedupe_key FROM captures').all()).toEqual([{ action: 'created', question: 'vpn?', dedupe_key: 'k1' }]);
    },
  },
  3: {
    write(db) {
      OLD_ROWS[2]!.write(db);
      db.prepare("INSERT INTO question_endorsements (question_row, voter, value, at) VALUES (1, 'U5', 1, 3400)").run();
      db.prepare('INSERT INTO answer_evidence (question_id, probability, coverage, runner_up, learned) VALUES (7, 0.9, 1, 0.05, 2.5)').run();
    },
    check(db) {
      OLD_ROWS[2]!.check(db);
      expect(db.prepare('SELECT question_row, voter, value FROM question_endorsements').all()).toEqual([{ question_row: 1, voter: 'U5', value: 1 }]);
      expect(db.prepare('SELECT probability, learned FROM answer_evidence').all()).toEqual([{ probability: 0.9, learned: 2.5 }]);
      expect(db.prepare('SELECT count(*) AS n FROM capture_offers').get()).toEqual({ n: 0 });
    },
  },
  4: {
    write(db) {
      OLD_ROWS[3]!.write(db);
      db.prepare("INSERT INTO capture_offers (question_id, offered_to, offered_at) VALUES (7, 'U1', 3500)").run();
    },
    check(db) {
      OLD_ROWS[2]!.check(db);
      expect(db.prepare('SELECT question_row, voter, value FROM question_endorsements').all()).toEqual([{ question_row: 1, voter: 'U5', value: 1 }]);
      expect(db.prepare('SELECT question_id, offered_to, offered_at FROM capture_offers').all()).toEqual([{ question_id: 7, offered_to: 'U1', offered_at: 3500 }]);
      expect(tableNames(db)).toContain('slack_installations');
    },
  },
  5: {
    write(db) {
      OLD_ROWS[4]!.write(db);
      db.prepare(
        `INSERT INTO slack_installations (team_id, is_enterprise_install, bot_token, bot_user_id, bot_scopes, installer_user_id, installed_at)
         VALUES ('T1', 0, 'xoxb-1', 'UBOT', 'chat:write', 'U1', 4000)`,
      ).run();
    },
    check(db) {
      OLD_ROWS[4]!.check(db);
      expect(db.prepare('SELECT team_id, bot_user_id FROM slack_installations').all()).toEqual([{ team_id: 'T1', bot_user_id: 'UBOT' }]);
      expect(tableNames(db)).toContain('teams_conversations');
    },
  },
  6: {
    write(db) {
      OLD_ROWS[5]!.write(db);
      db.prepare(
        `INSERT INTO teams_conversations (tenant_id, conversation_id, kind, team_id, name, reference, updated_at)
         VALUES ('tenant-1', '19:abc@thread.tacv2', 'channel', 'team-1', 'Help desk', '{"serviceUrl":"https://smba.example.com/"}', 5000)`,
      ).run();
    },
    check(db) {
      OLD_ROWS[5]!.check(db);
      expect(db.prepare('SELECT tenant_id, conversation_id, kind, team_id, name, reference, updated_at FROM teams_conversations').all()).toEqual([
        {
          tenant_id: 'tenant-1',
          conversation_id: '19:abc@thread.tacv2',
          kind: 'channel',
          team_id: 'team-1',
          name: 'Help desk',
          reference: '{"serviceUrl":"https://smba.example.com/"}',
          updated_at: 5000,
        },
      ]);
      // Upkeep starts empty: every article on the default review interval, nothing closed, sent or failing.
      expect(db.prepare('SELECT id, review_days FROM articles').all()).toEqual([{ id: 'vpn-home', review_days: null }]);
      for (const table of ['tag_settings', 'gone_people', 'gap_closures', 'failing_articles', 'upkeep_marks', 'notices']) {
        expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
      }
    },
  },
  7: {
    write(db) {
      OLD_ROWS[6]!.write(db);
      db.prepare("INSERT INTO tag_settings (workspace, tag, review_days) VALUES ('T1', 'vpn', 30)").run();
      db.prepare("INSERT INTO upkeep_marks (name, value) VALUES ('digest.slack', 6000)").run();
    },
    check(db) {
      OLD_ROWS[5]!.check(db);
      expect(db.prepare('SELECT conversation_id FROM teams_conversations').pluck().all()).toEqual(['19:abc@thread.tacv2']);
      // Review intervals stay; every article starts answerable everywhere in its workspace.
      expect(db.prepare('SELECT tag, review_days FROM tag_settings').all()).toEqual([{ tag: 'vpn', review_days: 30 }]);
      expect(db.prepare('SELECT id, audience FROM articles').all()).toEqual([{ id: 'vpn-home', audience: null }]);
      expect(db.prepare('SELECT name, value FROM upkeep_marks').all()).toEqual([{ name: 'digest.slack', value: 6000 }]);
    },
  },
  8: {
    write(db) {
      OLD_ROWS[7]!.write(db);
      db.prepare(`UPDATE articles SET audience = '["C0HR"]' WHERE id = 'vpn-home'`).run();
    },
    check(db) {
      expect(db.prepare('SELECT id, audience, change_seq FROM articles').all()).toEqual([{ id: 'vpn-home', audience: '["C0HR"]', change_seq: 1 }]);
      // The restart check reads change numbers from the new index, not the articles' rows.
      const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id, change_seq FROM articles').all() as Array<{ detail: string }>;
      expect(plan.map((step) => step.detail).join(' ')).toContain('COVERING INDEX articles_change_numbers');
    },
  },
  9: {
    write(db) {
      OLD_ROWS[8]!.write(db);
      db.prepare(
        `INSERT INTO notices (platform, asker, place, asked_at, article_id, reason, change_key, created_at)
         VALUES ('slack', 'U1', 'C1:1.1', 100, 'vpn-home', 'edited', 'revision:2', 200)`,
      ).run();
    },
    check(db) {
      OLD_ROWS[8]!.check(db);
      // A notice waiting before the upgrade is still due: nobody holds it.
      expect(db.prepare('SELECT asker, sent_at, claimed_until FROM notices').all()).toEqual([{ asker: 'U1', sent_at: null, claimed_until: null }]);
    },
  },
  10: {
    write(db) {
      OLD_ROWS[9]!.write(db);
      db.prepare("UPDATE notices SET claimed_until = 900 WHERE asker = 'U1'").run();
    },
    check(db) {
      expect(db.prepare('SELECT asker, claimed_until FROM notices').all()).toEqual([{ asker: 'U1', claimed_until: 900 }]);
      // Articles written before sources existed belong to none: a sync never flags them as diverging.
      expect(db.prepare('SELECT count(*) AS n FROM source_articles').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM sources').get()).toEqual({ n: 0 });
      db.prepare("INSERT INTO sources (name, kind, location, created_at) VALUES ('wiki', 'confluence', 'https://x.atlassian.net/wiki', 1)").run();
      db.prepare("INSERT INTO source_articles (article_id, source, written) VALUES ('vpn-home', 'wiki', 'f')").run();
      // A source removed takes its links to articles with it.
      db.pragma('foreign_keys = ON');
      db.prepare("DELETE FROM sources WHERE name = 'wiki'").run();
      expect(db.prepare('SELECT count(*) AS n FROM source_articles').get()).toEqual({ n: 0 });
      expect(() => db.prepare("INSERT INTO sources (name, kind, location, created_at) VALUES ('x', 'sharepoint', '/', 1)").run()).toThrow(/CHECK/);
      // No deletion is recorded yet, and the next change number still follows the newest article's.
      expect(db.prepare('SELECT count(*) AS n FROM article_deletions').get()).toEqual({ n: 0 });
      const store = new ArticleStore(db, new ManualClock(5000));
      expect(store.lastChange()).toBe(1);
      store.delete('vpn-home', { by: 'ada', reason: 'deleted' });
      expect(store.lastChange()).toBe(2);
      expect(db.prepare('SELECT article_id, workspace, title, change_seq, deleted_by FROM article_deletions').all()).toEqual([
        { article_id: 'vpn-home', workspace: 'T1', title: 'Connect to the VPN', change_seq: 2, deleted_by: 'ada' },
      ]);
      expect(db.prepare('SELECT count(*) AS n FROM votes').get()).toEqual({ n: 0 });
      // Nothing was delivered before the upgrade that a retry could repeat: no delivery is seen yet.
      expect(db.prepare('SELECT count(*) AS n FROM seen_deliveries').get()).toEqual({ n: 0 });
    },
  },
  // Versions 11 and 12 added tables only (seen deliveries, article deletions); version 10's rows check them all.
  11: { write: (db) => OLD_ROWS[10]!.write(db), check: (db) => OLD_ROWS[10]!.check(db) },
  12: { write: (db) => OLD_ROWS[10]!.write(db), check: (db) => OLD_ROWS[10]!.check(db) },
  // Version 14 gave learned phrasings the workspace that taught them.
  13: {
    write(db) {
      OLD_ROWS[9]!.write(db);
      // A shared article with an editor's question and two learned ones: one taught in a Slack
      // team (the 👍 of its first supporter is on record), one whose teacher is not.
      db.prepare(
        `INSERT INTO articles (id, workspace, title, body, created_at, updated_at, change_seq)
         VALUES ('wiki-edit', '', 'Edit a wiki page', 'Press Edit.', 100, 100, 2)`,
      ).run();
      db.prepare(
        `INSERT INTO article_questions (id, article_id, text, origin, weight, created_at, created_by) VALUES
           (10, 'wiki-edit', 'edit the wiki', 'author', 1, 100, 'ed'),
           (11, 'wiki-edit', 'Wiki is read only', 'learned', 2, 200, 'U7'),
           (12, 'wiki-edit', 'cannot save page', 'learned', 1, 300, 'U8')`,
      ).run();
      db.prepare(
        `INSERT INTO questions (id, workspace, text, platform, asked_at, decision, confidence) VALUES
           (20, 'slack:T9', 'something else', 'slack', 150, 'answer', 0.9),
           (21, 'slack:T9', 'wiki is read only', 'slack', 190, 'abstain', 0.2)`,
      ).run();
      db.prepare(
        `INSERT INTO votes (workspace, question_id, article_id, voter, value, created_at, updated_at) VALUES
           ('slack:T8', 20, 'wiki-edit', 'U7', 1, 160, 160),
           ('slack:T9', 21, 'wiki-edit', 'U7', 1, 195, 195)`,
      ).run();
      db.prepare("INSERT INTO question_endorsements (question_row, voter, value, at) VALUES (11, 'U7', 1, 200), (11, 'U9', 1, 210)").run();
    },
    check(db) {
      // Editors' questions and what the article's own workspace learned stay the article's; a
      // phrasing goes to the workspace that taught it (the vote cast for its words first).
      expect(db.prepare('SELECT id, article_id, workspace, text, origin, weight, created_by FROM article_questions ORDER BY id').all()).toEqual([
        { id: 1, article_id: 'vpn-home', workspace: 'T1', text: 'vpn is down', origin: 'learned', weight: 0.5, created_by: 'bob' },
        { id: 10, article_id: 'wiki-edit', workspace: '', text: 'edit the wiki', origin: 'author', weight: 1, created_by: 'ed' },
        { id: 11, article_id: 'wiki-edit', workspace: 'slack:T9', text: 'Wiki is read only', origin: 'learned', weight: 2, created_by: 'U7' },
        { id: 12, article_id: 'wiki-edit', workspace: '', text: 'cannot save page', origin: 'learned', weight: 1, created_by: 'U8' },
      ]);
      // Who stands behind each phrasing is kept, still tied to its row.
      expect(db.prepare('SELECT question_row, voter, value FROM question_endorsements ORDER BY question_row, voter').all()).toEqual([
        { question_row: 1, voter: 'U5', value: 1 },
        { question_row: 11, voter: 'U7', value: 1 },
        { question_row: 11, voter: 'U9', value: 1 },
      ]);
      db.prepare("DELETE FROM article_questions WHERE id = 11").run();
      expect(db.prepare('SELECT question_row FROM question_endorsements ORDER BY question_row').pluck().all()).toEqual([1]);
      // Two workspaces may now learn the same words for one article.
      db.prepare("INSERT INTO article_questions (article_id, workspace, text, origin, weight, created_at) VALUES ('wiki-edit', 'slack:T8', 'cannot save page', 'learned', 1, 400)").run();
      expect(db.prepare("SELECT count(*) AS n FROM article_questions WHERE text = 'cannot save page'").get()).toEqual({ n: 2 });
    },
  },
};

describe('migrate', () => {
  const sandbox = useSandbox();

  it('numbers migrations 1, 2, … without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('brings an empty database (version 0) to the newest version and records it in user_version', () => {
    const db = sandbox.connect();
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db)).toEqual({ from: 0, to: NEWEST });
    expect(db.pragma('user_version', { simple: true })).toBe(NEWEST);
    expect(tableNames(db)).toEqual(
      [
        'answer_evidence',
        'article_questions',
        'article_deletions',
        'article_revisions',
        'article_tags',
        'articles',
        'capture_offers',
        'captures',
        'failing_articles',
        'gap_closures',
        'gone_people',
        'notices',
        'question_endorsements',
        'question_results',
        'questions',
        'seen_deliveries',
        'settings',
        'slack_installations',
        'source_articles',
        'sources',
        'tag_settings',
        'teams_conversations',
        'upkeep_marks',
        'votes',
      ].sort(),
    );
  });

  it('stops at a target version', () => {
    const db = sandbox.connect();
    expect(migrate(db, { target: 1 })).toEqual({ from: 0, to: 1 });
    expect(schemaVersion(db)).toBe(1);
    expect(tableNames(db)).toEqual(['article_questions', 'article_revisions', 'article_tags', 'articles']);
  });

  it('does nothing on a database that is up to date', () => {
    const db = sandbox.connect();
    migrate(db);
    expect(migrate(db)).toEqual({ from: NEWEST, to: NEWEST });
    expect(schemaVersion(db)).toBe(NEWEST);
  });

  it('has old rows for every earlier version', () => {
    expect(Object.keys(OLD_ROWS).map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: NEWEST }, (_, v) => v));
  });

  describe.each(EARLIER)('from version %i', (version) => {
    it('keeps the rows written at that version and adds the newer tables', () => {
      const db = sandbox.connect();
      migrate(db, { target: version });
      expect(schemaVersion(db)).toBe(version);
      const before = tableNames(db);
      OLD_ROWS[version]!.write(db);

      expect(migrate(db)).toEqual({ from: version, to: NEWEST });

      expect(schemaVersion(db)).toBe(NEWEST);
      OLD_ROWS[version]!.check(db);
      const after = tableNames(db);
      expect(after).toEqual(expect.arrayContaining(before));
      expect(after).toEqual(expect.arrayContaining(['questions', 'question_results', 'votes', 'captures']));
    });
  });

  it('migrates version 1 rows into a base Lore can answer from', () => {
    const db = sandbox.connect();
    migrate(db, { target: 1 });
    OLD_ROWS[1]!.write(db);
    db.close();

    const lore = sandbox.openLore();
    const reply = lore.answerer.ask('Connect to the VPN', { workspace: 'T1', platform: 'test' });
    expect(reply.results[0]?.id).toBe('vpn-home');
    expect(lore.db.prepare('SELECT count(*) AS n FROM questions').get()).toEqual({ n: 1 });
  });

  it('refuses a database newer than the code, naming both versions, and leaves it as it was', () => {
    const db = sandbox.connect();
    db.pragma('user_version = 99');
    let error: unknown;
    try {
      migrate(db);
    } catch (caught) {
      error = caught;
    }
    expect(isLoreError(error, 'DB_TOO_NEW')).toBe(true);
    expect((error as Error).message).toMatch(new RegExp(`\\b99\\b[\\s\\S]*\\b${NEWEST}\\b`));
    expect(schemaVersion(db)).toBe(99);
    expect(tableNames(db)).toEqual([]);
  });

  it('rolls back a failing step entirely: no partial table, user_version unchanged', () => {
    const db = sandbox.connect();
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: `CREATE TABLE half_done (id INTEGER PRIMARY KEY) STRICT;
           INSERT INTO half_done (id) VALUES (1);
           INSERT INTO no_such_table (id) VALUES (1);`,
    };
    const list = [migrations[0]!, broken];

    expect(() => migrate(db, { migrations: list })).toThrow(/no_such_table/);

    // Step 1 ran in its own transaction and stays; step 2 left nothing behind.
    expect(schemaVersion(db)).toBe(1);
    expect(tableNames(db)).not.toContain('half_done');
    expect(tableNames(db)).toContain('articles');
    expect(db.inTransaction).toBe(false);
  });

  it('skips steps another connection ran after this one read the version', () => {
    const db = sandbox.connect();
    const other = sandbox.connect();
    // Another process migrates between this connection's version check and its first step,
    // as when `lore serve` and `lore import` start together on a new database.
    const raced = Object.assign([...migrations], {
      *[Symbol.iterator]() {
        migrate(other);
        yield* migrations;
      },
    });

    expect(() => migrate(db, { migrations: raced })).not.toThrow();
    expect(schemaVersion(db)).toBe(NEWEST);
  });
});
