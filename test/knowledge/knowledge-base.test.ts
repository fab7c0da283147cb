import fs from 'node:fs';
import { savedIndexFile } from '../../src/knowledge/knowledge-base';
import type { Logger } from '../../src/logger';
import { generateBase } from '../../src/eval/generate-base';
import { articleInput, BASE, searchIds, seed } from '../helpers/articles';
import { useSandbox } from '../helpers/sandbox';

/** A logger that keeps what the index says about how it started. */
function recordingLogger(): Logger & { lines: Array<{ msg?: string; obj: object }> } {
  const lines: Array<{ msg?: string; obj: object }> = [];
  const keep = (obj: object, msg?: string) => void lines.push({ obj, msg });
  const logger = { lines, debug: keep, info: keep, warn: keep, error: keep, child: () => logger };
  return logger;
}

function wasRestored(logger: ReturnType<typeof recordingLogger>): boolean {
  return (logger.lines.find((line) => line.msg === 'search index ready')!.obj as { restored: boolean }).restored;
}

const EDIT = { by: 'test', reason: 'edit' };

describe('KnowledgeBase', () => {
  const sandbox = useSandbox();

  describe('keeps the index in step with its own writes', () => {
    it('finds an article as soon as it is saved', () => {
      const lore = sandbox.openLore();
      seed(lore);
      expect(searchIds(lore, 'borrow a company bicycle')).toEqual([]);
      lore.knowledge.save(articleInput({ id: 'bikes', title: 'Borrow a company bicycle', body: 'Ask reception for a key.' }), '', EDIT);
      expect(searchIds(lore, 'borrow a company bicycle')[0]).toBe('bikes');
    });

    it('answers from the new text after an update, and no longer from the old', () => {
      const lore = sandbox.openLore();
      seed(lore);
      lore.knowledge.save(articleInput({ id: 'parking-space', title: 'Book a parking space', body: 'Use the GarageHero portal to reserve.' }), '', EDIT);
      expect(searchIds(lore, 'GarageHero portal')).toContain('parking-space');
      expect(searchIds(lore, 'Desk app bays')).not.toContain('parking-space');
    });

    it('drops an archived article and brings it back when republished', () => {
      const lore = sandbox.openLore();
      seed(lore);
      lore.knowledge.setStatus('expense-claim', 'archived', EDIT);
      expect(searchIds(lore, 'Submit an expense claim')).not.toContain('expense-claim');
      lore.knowledge.setStatus('expense-claim', 'published', EDIT);
      expect(searchIds(lore, 'Submit an expense claim')[0]).toBe('expense-claim');
    });

    it('never indexes a draft', () => {
      const lore = sandbox.openLore();
      lore.knowledge.save(articleInput({ id: 'bikes', title: 'Borrow a company bicycle', body: 'x', status: 'draft' }), '', EDIT);
      expect(lore.knowledge.index.has('bikes')).toBe(false);
      expect(searchIds(lore, 'company bicycle')).toEqual([]);
    });

    it('makes an article findable by a question added to it', () => {
      const lore = sandbox.openLore();
      seed(lore);
      expect(searchIds(lore, 'leave my car overnight')).not.toContain('parking-space');
      lore.knowledge.addQuestion('parking-space', 'where can I leave my car overnight', 'learned', 'bob');
      expect(searchIds(lore, 'leave my car overnight')[0]).toBe('parking-space');
    });

    it('indexes a batch once it commits, and nothing of a batch that failed', () => {
      const lore = sandbox.openLore();
      lore.knowledge.batch(() => {
        for (const article of BASE) lore.knowledge.save(articleInput(article), '', EDIT);
      });
      expect(lore.knowledge.index.size).toBe(BASE.length);

      expect(() =>
        lore.knowledge.batch(() => {
          lore.knowledge.save(articleInput({ id: 'bikes', title: 'Borrow a company bicycle', body: 'x' }), '', EDIT);
          throw new Error('import failed half way');
        }),
      ).toThrow('import failed half way');
      expect(lore.knowledge.get('bikes')).toBeUndefined();
      expect(lore.knowledge.index.has('bikes')).toBe(false);
    });
  });

  describe('workspaces', () => {
    it("shows a workspace its own articles and the shared base, never another workspace's", () => {
      const lore = sandbox.openLore();
      seed(lore);
      lore.knowledge.save(articleInput({ id: 't1-bikes', title: 'Borrow a company bicycle', body: 'Team one keeps bikes in the basement.' }), 'T1', EDIT);

      expect(searchIds(lore, 'Borrow a company bicycle', 'T1')).toContain('t1-bikes');
      expect(searchIds(lore, 'Borrow a company bicycle', 'T2')).not.toContain('t1-bikes');
      expect(searchIds(lore, 'Borrow a company bicycle', '')).not.toContain('t1-bikes');
      expect(searchIds(lore, 'Book a parking space', 'T1')).toContain('parking-space');
      expect(searchIds(lore, 'Book a parking space', 'T2')).toContain('parking-space');

      const asT2 = lore.answerer.ask('Borrow a company bicycle', { workspace: 'T2', platform: 'test' });
      expect(asT2.results.map((r) => r.id)).not.toContain('t1-bikes');
      const asT1 = lore.answerer.ask('Borrow a company bicycle', { workspace: 'T1', platform: 'test' });
      expect(asT1.results[0]?.id).toBe('t1-bikes');
    });

    it('counts articles per workspace', () => {
      const lore = sandbox.openLore();
      seed(lore);
      seed(lore, [{ id: 't1-bikes', title: 'Borrow a company bicycle', body: 'x' }], 'T1');
      expect(lore.knowledge.articles.count()).toBe(BASE.length + 1);
      expect(lore.knowledge.articles.count('T1')).toBe(1);
      expect(lore.knowledge.articles.count('')).toBe(BASE.length);
    });
  });

  describe('writes from another connection on the same file', () => {
    it('reach the other Lore on its next question, without a rebuild', () => {
      const server = sandbox.openLore();
      const cli = sandbox.openLore();
      seed(cli);

      const ask = (question: string) => server.answerer.ask(question, { workspace: '', platform: 'test' });
      expect(ask('Book a parking space').results[0]?.id).toBe('parking-space');

      cli.knowledge.save(articleInput({ id: 'bikes', title: 'Borrow a company bicycle', body: 'Ask reception for a bike key.' }), '', EDIT);
      expect(ask('Borrow a company bicycle').results[0]?.id).toBe('bikes');

      cli.knowledge.save(articleInput({ id: 'bikes', title: 'Borrow a company bicycle', body: 'Bikes are now in the GarageHero shed.' }), '', EDIT);
      expect(ask('GarageHero shed').results[0]?.id).toBe('bikes');

      cli.knowledge.addQuestion('parking-space', 'where can I leave my car overnight', 'learned', null);
      expect(ask('leave my car overnight').results[0]?.id).toBe('parking-space');

      cli.knowledge.setStatus('bikes', 'archived', EDIT);
      expect(ask('Borrow a company bicycle').results.map((r) => r.id)).not.toContain('bikes');
      expect(server.knowledge.index.has('bikes')).toBe(false);
    });

    it('reach an index built from an empty database', () => {
      const server = sandbox.openLore();
      const cli = sandbox.openLore();
      expect(server.knowledge.index.size).toBe(0);
      seed(cli);
      expect(server.answerer.ask('Submit an expense claim', { workspace: '', platform: 'test' }).results[0]?.id).toBe('expense-claim');
      expect(server.knowledge.index.size).toBe(BASE.length);
    });
  });

  describe('a saved index', () => {
    it('is written beside the database at close and loaded at the next start', () => {
      const first = sandbox.openLore();
      seed(first);
      first.close();
      expect(fs.existsSync(savedIndexFile(sandbox.dbFile))).toBe(true);

      const logger = recordingLogger();
      const again = sandbox.openLore({ logger });
      expect(wasRestored(logger)).toBe(true);
      expect(again.knowledge.index.size).toBe(BASE.length);
      expect(searchIds(again, 'Submit an expense claim')[0]).toBe('expense-claim');
    });

    it('catches up with what was written after it was saved', () => {
      const first = sandbox.openLore();
      seed(first);
      first.close();
      const saved = fs.readFileSync(savedIndexFile(sandbox.dbFile));

      const writer = sandbox.openLore();
      writer.knowledge.save(articleInput({ id: 'bikes', title: 'Borrow a company bicycle', body: 'Ask reception.' }), '', EDIT);
      writer.knowledge.setStatus('expense-claim', 'archived', EDIT);
      writer.close();
      fs.writeFileSync(savedIndexFile(sandbox.dbFile), saved);

      const logger = recordingLogger();
      const lore = sandbox.openLore({ logger });
      expect(wasRestored(logger)).toBe(true);
      expect(searchIds(lore, 'borrow a company bicycle')[0]).toBe('bikes');
      expect(lore.knowledge.index.has('expense-claim')).toBe(false);
    });

    it('is not used for another database in its place (restored from a backup, replaced)', () => {
      const first = sandbox.openLore();
      seed(first);
      first.close();
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(sandbox.dbFile + suffix, { force: true });

      const other = sandbox.openLore({ dbFile: sandbox.file('other.db') });
      other.knowledge.save(articleInput({ id: 'bikes', title: 'Borrow a company bicycle', body: 'Ask reception.' }), '', EDIT);
      other.close();
      fs.copyFileSync(sandbox.file('other.db'), sandbox.dbFile);

      const logger = recordingLogger();
      const lore = sandbox.openLore({ logger });
      expect(wasRestored(logger)).toBe(false);
      expect(lore.knowledge.index.size).toBe(1);
      expect(searchIds(lore, 'Submit an expense claim')).toEqual([]);
    });

    it('is repaired, not rebuilt, for a database restored from an older backup: only the articles that differ are read again', () => {
      const first = sandbox.openLore();
      seed(first);
      first.close();
      fs.copyFileSync(sandbox.dbFile, sandbox.file('backup.db'));

      // After the backup: one article rewritten, one added; the index is saved with them.
      const later = sandbox.openLore();
      later.knowledge.save(articleInput({ id: 'parking-space', title: 'Book a parking space', body: 'Parking moved to the Zorblax portal.' }), '', EDIT);
      later.knowledge.save(articleInput({ id: 'bikes', title: 'Borrow a company bicycle', body: 'Ask reception.' }), '', EDIT);
      later.close();
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(sandbox.dbFile + suffix, { force: true });
      fs.copyFileSync(sandbox.file('backup.db'), sandbox.dbFile);

      const logger = recordingLogger();
      const lore = sandbox.openLore({ logger });
      expect(logger.lines.map((line) => line.msg)).toContain('repaired the saved search index');
      // The index now says what the restored database says.
      expect(lore.knowledge.index.has('bikes')).toBe(false);
      expect(searchIds(lore, 'zorblax')).toEqual([]);
      expect(searchIds(lore, 'reserve a bay in the desk app')[0]).toBe('parking-space');
      expect(lore.knowledge.index.size).toBe(BASE.length);
    });

    it('is rebuilt when it was made by another version or cannot be read', () => {
      const first = sandbox.openLore();
      seed(first);
      first.close();
      const file = savedIndexFile(sandbox.dbFile);
      const saved = fs.readFileSync(file);
      const text = saved.toString('utf8');

      fs.writeFileSync(file, text.replace(/"version":"[^"]*"/, '"version":"search-index-0"'));
      let logger = recordingLogger();
      let lore = sandbox.openLore({ logger });
      expect(wasRestored(logger)).toBe(false);
      expect(searchIds(lore, 'Submit an expense claim')[0]).toBe('expense-claim');
      lore.close();

      // One byte changed deep in the postings: the JSON part still parses, the checksum does not match.
      const damaged = Buffer.from(saved);
      damaged[damaged.length - 40]! ^= 0x01;
      fs.writeFileSync(file, damaged);
      logger = recordingLogger();
      lore = sandbox.openLore({ logger });
      expect(wasRestored(logger)).toBe(false);
      expect(logger.lines).toContainEqual(expect.objectContaining({ obj: expect.objectContaining({ reason: 'damaged' }) }));
      expect(searchIds(lore, 'Submit an expense claim')[0]).toBe('expense-claim');
      lore.close();

      for (const hostile of ['', 'not json\n{}', `${text.slice(0, text.indexOf('\n'))}\n{"broken":`]) {
        fs.writeFileSync(file, hostile);
        logger = recordingLogger();
        lore = sandbox.openLore({ logger });
        expect(wasRestored(logger)).toBe(false);
        expect(lore.knowledge.index.size).toBe(BASE.length);
        expect(searchIds(lore, 'Submit an expense claim')[0]).toBe('expense-claim');
        lore.close();
      }
    });
  });
  describe('a large base read in the background (a server starting without a saved index)', () => {
    const GENERATED = generateBase(1500, 5, 3).articles;
    const saveGenerated = () => {
      const writer = sandbox.openLore();
      writer.knowledge.batch(() => {
        for (const article of GENERATED) writer.knowledge.save(articleInput(article), '', EDIT);
      });
      writer.close();
      fs.rmSync(savedIndexFile(sandbox.dbFile), { force: true });
    };
    const lastQuestion = () => GENERATED.at(-1)!.title;

    it('answers at once from the articles read so far, says how far it got, and lets other work run between slices', async () => {
      saveGenerated();
      // Training in a worker too, as a server does: the question after the reading does not wait for it.
      const lore = sandbox.openLore({ indexInBackgroundAbove: 100, backgroundTrainingAbove: 100 });
      expect(lore.knowledge.loading).toEqual({ read: 0, total: GENERATED.length });
      const reply = lore.answerer.ask(lastQuestion(), { workspace: '', platform: 'test' });
      expect(reply.loading).toEqual({ read: 0, total: GENERATED.length });

      // Timers fire while it reads: the event loop is never held for the whole base.
      let ticks = 0;
      const ticking = setInterval(() => (ticks += 1), 1);
      const progress: number[] = [];
      while (lore.knowledge.loading) {
        progress.push(lore.knowledge.loading.read);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      clearInterval(ticking);
      expect(ticks).toBeGreaterThan(1);
      expect(new Set(progress).size).toBeGreaterThan(2);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));

      expect(lore.knowledge.index.size).toBe(GENERATED.length);
      const after = lore.answerer.ask(lastQuestion(), { workspace: '', platform: 'test' });
      expect(after.loading).toBeUndefined();
      expect(after.results[0]!.id).toBe(GENERATED.at(-1)!.id);
      // Saved at close (not when done: writing it would block), so the next start loads it.
      expect(fs.existsSync(savedIndexFile(sandbox.dbFile))).toBe(false);
      lore.close();
      const logger = recordingLogger();
      sandbox.openLore({ logger, indexInBackgroundAbove: 100 });
      expect(wasRestored(logger)).toBe(true);
    });

    it('takes in writes made while it reads, in order, and refreshes nothing twice', async () => {
      saveGenerated();
      const lore = sandbox.openLore({ indexInBackgroundAbove: 100 });
      lore.knowledge.save(articleInput({ id: 'bikes', title: 'Borrow a company bicycle', body: 'Ask reception.' }), '', EDIT);
      lore.knowledge.setStatus(GENERATED[0]!.id, 'archived', EDIT);
      expect(lore.knowledge.refresh({ force: true })).toBe(0);
      await lore.knowledge.whenReady();
      expect(searchIds(lore, 'borrow a company bicycle')[0]).toBe('bikes');
      expect(lore.knowledge.index.has(GENERATED[0]!.id)).toBe(false);
      expect(lore.knowledge.index.size).toBe(GENERATED.length);
    });

    it('saves what it read when closed early, and the next start reads only the rest', async () => {
      saveGenerated();
      const first = sandbox.openLore({ indexInBackgroundAbove: 100 });
      while ((first.knowledge.loading?.read ?? GENERATED.length) < 200) await new Promise((resolve) => setImmediate(resolve));
      const read = first.knowledge.loading!.read;
      first.close();
      await first.knowledge.whenReady();

      const logger = recordingLogger();
      const again = sandbox.openLore({ logger, indexInBackgroundAbove: 100 });
      const started = logger.lines.find((line) => line.msg === 'reading the articles into the search index in the background; answering meanwhile');
      expect(started?.obj).toEqual({ indexed: read, toRead: GENERATED.length - read, restored: true });
      await again.knowledge.whenReady();
      expect(again.knowledge.index.size).toBe(GENERATED.length);
      expect(searchIds(again, lastQuestion())[0]).toBe(GENERATED.at(-1)!.id);
    });

    it('reads a base below the threshold at once, as one-shot commands always do', () => {
      saveGenerated();
      const lore = sandbox.openLore({ indexInBackgroundAbove: 5000 });
      expect(lore.knowledge.loading).toBeUndefined();
      expect(lore.knowledge.index.size).toBe(GENERATED.length);
    });
  });
});
