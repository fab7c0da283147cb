import fs from 'node:fs';
import type { Command } from '../../src/cli/command';
import { DEFAULT_BUSY_TIMEOUT_MS } from '../../src/db/open-database';
import { allCommands, runLore } from '../helpers/run-lore';
import { useSandbox } from '../helpers/sandbox';

const NO_STACK = /\n\s+at /;

describe('runCli', () => {
  const sandbox = useSandbox();

  it('prints the overall help with every command and variable, exit 0', async () => {
    const run = await runLore(['--help']);
    expect(run.code).toBe(0);
    for (const command of allCommands) expect(run.stdout).toContain(`  ${command.name}`);
    expect(run.stdout).toContain('LORE_DB');
    expect(run.stdout).toContain('LORE_BUSY_TIMEOUT_MS');
  });

  it('prints the help and exits 2 when no command is given', async () => {
    const run = await runLore([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Usage: lore COMMAND');
  });

  it.each(allCommands.map((c) => c.name))('%s --help exits 0 with its usage, opening no database', async (name) => {
    const run = await runLore([name, '--help'], { env: { LORE_DB: sandbox.dbFile } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`lore ${name}: `);
    expect(run.stdout).toContain(`Usage: lore ${name}`);
    expect(fs.existsSync(sandbox.dbFile)).toBe(false);
  });

  it('exits 2 on an unknown command, listing the commands', async () => {
    const run = await runLore(['aks', 'hello'], { env: { LORE_DB: sandbox.dbFile } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "aks"');
    expect(run.stderr).toContain('ask');
    expect(run.stdout).toBe('');
  });

  it.each(allCommands.map((c) => c.name))('%s exits 2 on an unknown flag, naming it', async (name) => {
    const run = await runLore([name, '--frobnicate', 'x'], { env: { LORE_DB: sandbox.dbFile } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--frobnicate');
    expect(run.stderr).toContain(`Usage: lore ${name}`);
    expect(fs.existsSync(sandbox.dbFile)).toBe(false);
  });

  it.each([
    [['ask'], 'needs QUESTION'],
    [['import'], 'needs PATH'],
    [['eval'], 'needs QUERIES.json'],
    [['export', '--format', 'json'], 'needs PATH'],
    [['eval', 'a.json', 'b.json'], 'at most 1 QUERIES.json'],
    [['stats', 'extra'], 'takes no arguments'],
  ])('lore %j exits 2: %s', async (argv, problem) => {
    const run = await runLore(argv, { env: { LORE_DB: sandbox.dbFile } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(problem);
    expect(run.stderr).toContain('Usage: lore');
  });

  it('exits 2 on a bad --format value, naming the formats', async () => {
    const run = await runLore(['export', '--format', 'xml', sandbox.file('out.xml'), '--db', sandbox.dbFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--format must be one of json, md, csv');
  });

  it('exits 1 before opening the database when a variable is invalid, naming it', async () => {
    const run = await runLore(['stats'], { env: { LORE_DB: sandbox.dbFile, PORT: 'eighty', LORE_MIN_CONFIDENCE: '2' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('PORT="eighty"');
    expect(run.stderr).toContain('LORE_MIN_CONFIDENCE="2"');
    expect(run.stderr).not.toMatch(NO_STACK);
    expect(fs.existsSync(sandbox.dbFile)).toBe(false);
  });

  it('treats empty variables as unset', async () => {
    const run = await runLore(['stats', '--json', '--create', '--db', sandbox.dbFile], {
      env: { PORT: '', LORE_MIN_CONFIDENCE: '', LORE_ADAPTERS: '', LORE_LOG_LEVEL: '', LORE_BUSY_TIMEOUT_MS: '', LORE_SAMPLE_DIR: '' },
    });
    expect(run.code).toBe(0);
    expect(run.lastJson()).toMatchObject({ articles: 0 });
  });

  it('opens the database with LORE_BUSY_TIMEOUT_MS as its busy timeout (default 5 s)', async () => {
    // A verb of the test's own, to see the connection the context opens.
    const probe: Command = {
      name: 'probe',
      summary: 'print the busy timeout',
      usage: 'lore probe',
      options: {},
      help: [],
      positionals: { min: 0, max: 0, name: '' },
      async run(_positionals, values, context) {
        const lore = context.openLore(values);
        try {
          context.print(values, lore.db.pragma('busy_timeout', { simple: true }), () => '');
          return 0;
        } finally {
          lore.close();
        }
      },
    };
    const set = await runLore(['probe', '--json', '--create', '--db', sandbox.dbFile], { commands: [probe], env: { LORE_BUSY_TIMEOUT_MS: '40' } });
    expect(set.lastJson()).toBe(40);
    const unset = await runLore(['probe', '--json', '--db', sandbox.dbFile], { commands: [probe] });
    expect(unset.lastJson()).toBe(DEFAULT_BUSY_TIMEOUT_MS);
  });

  it('prefers --db over LORE_DB', async () => {
    const other = sandbox.file('other.db');
    const run = await runLore(['stats', '--create', '--db', other], { env: { LORE_DB: sandbox.dbFile } });
    expect(run.code).toBe(0);
    expect(fs.existsSync(other)).toBe(true);
    expect(fs.existsSync(sandbox.dbFile)).toBe(false);
  });

  it('with --json, reports a failure as one JSON line {error: {code, message}} on stdout and the message on stderr', async () => {
    const queries = sandbox.write('queries.json', '[{"question": "vpn", "article": "vpn-home"},');
    const run = await runLore(['eval', queries, '--json', '--db', sandbox.dbFile]);
    expect(run.code).toBe(1);
    const line = run.lastLine();
    expect(run.stdout).toBe(`${line}\n`);
    expect(JSON.parse(line)).toEqual({ error: { code: 'IMPORT_UNREADABLE', message: expect.stringContaining('is not valid JSON') } });
    expect(run.stderr).toContain(`lore eval: ${queries} is not valid JSON`);
    expect(run.stderr).not.toMatch(NO_STACK);
  });
});
