import fs from 'node:fs';
import path from 'node:path';
import { runLore } from '../../helpers/run-lore';
import { seed } from '../../helpers/articles';
import { useSandbox } from '../../helpers/sandbox';

const SAMPLE = path.join(__dirname, '..', '..', '..', 'data', 'articles');
const SAMPLE_SIZE = fs.readdirSync(SAMPLE).filter((name) => name.endsWith('.md')).length;

describe.each(['chat', 'serve'])('lore %s', (name) => {
  const sandbox = useSandbox();

  it('loads the sample base into a new database and answers from it, ending with stdin', async () => {
    const run = await runLore([name, '--db', sandbox.dbFile], { stdin: 'my account is locked\n/up\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Lore is ready with ${SAMPLE_SIZE} articles.`);
    expect(run.stdout).toContain('📄 Unlock your account after too many failed sign-ins');
    expect(run.stdout).toContain('👍 Thanks, noted');

    const stats = await runLore(['stats', '--json', '--db', sandbox.dbFile]);
    expect(stats.lastJson()).toEqual({ articles: SAMPLE_SIZE, questions: 1, answered: 1, abstained: 0, votes: { up: 1, down: 0 }, captures: 0 });
  });

  it('never mixes the sample into a database that has articles', async () => {
    const lore = sandbox.openLore();
    seed(lore);
    lore.close();
    const run = await runLore([name, '--db', sandbox.dbFile], { stdin: 'my account is locked\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Lore is ready with 5 articles.');
    expect(run.stdout).not.toContain('Unlock your account after too many failed sign-ins');
    const stats = await runLore(['stats', '--json', '--db', sandbox.dbFile]);
    expect(stats.lastJson()).toMatchObject({ articles: 5 });
  });

  it('loads LORE_SAMPLE_DIR instead of the shipped sample when set', async () => {
    const folder = sandbox.file('my-sample');
    sandbox.write('my-sample/bikes.md', '---\ntitle: Borrow a company bicycle\n---\nAsk reception for a bike key.\n');
    const run = await runLore([name, '--db', sandbox.dbFile], { stdin: 'borrow a company bicycle\n', env: { LORE_SAMPLE_DIR: folder } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Lore is ready with 1 article.');
    expect(run.stdout).toContain('📄 Borrow a company bicycle');
  });
});

describe('lore chat options', () => {
  const sandbox = useSandbox();

  it('records votes under --as and asks as --workspace', async () => {
    const lore = sandbox.openLore();
    seed(lore);
    seed(lore, [{ id: 't1-bikes', title: 'Borrow a company bicycle', body: 'Ask reception.' }], 'T1');
    lore.close();
    const run = await runLore(['chat', '--as', 'grace', '--workspace', 'T1', '--db', sandbox.dbFile], { stdin: 'Borrow a company bicycle\n/down\n' });
    expect(run.code).toBe(0);
    const check = sandbox.openLore();
    expect(check.db.prepare('SELECT workspace, article_id, voter, value FROM votes').all()).toEqual([
      { workspace: 'T1', article_id: 't1-bikes', voter: 'grace', value: -1 },
    ]);
  });

  it('refuses LORE_ADAPTERS naming an adapter this build lacks', async () => {
    const run = await runLore(['serve', '--db', sandbox.dbFile], { env: { LORE_ADAPTERS: 'console,discord' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('LORE_ADAPTERS="console,discord"');
    expect(fs.existsSync(sandbox.dbFile)).toBe(false);
  });
});
