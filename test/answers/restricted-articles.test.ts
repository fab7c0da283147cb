import fs from 'node:fs';
import { articleInput, seed } from '../helpers/articles';
import { runLore } from '../helpers/run-lore';
import { useSandbox } from '../helpers/sandbox';

const SALARY = articleInput({
  id: 'salary-bands',
  title: 'Salary bands for 2026',
  body: 'Salary bands for each grade are set by HR every January; the bands table is in the HR drive.',
  tags: ['hr'],
  audience: ['C0HRTEAM', '19:hr@thread.tacv2'],
});

describe('restricted articles', () => {
  const sandbox = useSandbox();

  function loreWithSalary() {
    const lore = sandbox.openLore();
    seed(lore);
    lore.knowledge.save(SALARY, '', { by: 'hr-lead', reason: 'test' });
    return lore;
  }

  it('answers with a restricted article only in the channels it is restricted to', () => {
    const lore = loreWithSalary();
    const ask = (channel?: string) => lore.answerer.ask('what are the salary bands for my grade', { workspace: '', platform: 'test', ...(channel ? { channel } : {}) });
    expect(ask('C0HRTEAM').results[0]?.id).toBe('salary-bands');
    expect(ask('19:hr@thread.tacv2').results[0]?.id).toBe('salary-bands');
    for (const elsewhere of ['C0GENERAL', 'D0DIRECT', undefined]) {
      expect(ask(elsewhere).results.map((r) => r.id)).not.toContain('salary-bands');
    }
  });

  it('keeps the restriction through an edit that does not mention it, lifts it with an empty list, and across a restart', () => {
    let lore = loreWithSalary();
    lore.knowledge.save({ ...SALARY, audience: undefined, body: `${SALARY.body} Ask your HR partner.` }, '', { by: 'hr-lead', reason: 'edit' });
    expect(lore.knowledge.get('salary-bands')!.audience).toEqual(['19:hr@thread.tacv2', 'C0HRTEAM']);
    lore.close();

    // The saved index remembers who may read what.
    lore = sandbox.openLore();
    expect(lore.answerer.ask('salary bands for my grade', { workspace: '', platform: 'test', channel: 'C0GENERAL' }).results.map((r) => r.id)).not.toContain('salary-bands');
    lore.knowledge.save({ ...SALARY, audience: [] }, '', { by: 'hr-lead', reason: 'open it up' });
    expect(lore.answerer.ask('salary bands for my grade', { workspace: '', platform: 'test', channel: 'C0GENERAL' }).results[0]?.id).toBe('salary-bands');
  });

  it('lore ask --channel asks as in that channel; export carries the audience', async () => {
    loreWithSalary().close();
    const outside = await runLore(['ask', 'salary bands for my grade', '--db', sandbox.dbFile, '--json']);
    expect(outside.lastJson<{ results: Array<{ id: string }> }>().results.map((r) => r.id)).not.toContain('salary-bands');
    const inside = await runLore(['ask', 'salary bands for my grade', '--channel', 'C0HRTEAM', '--db', sandbox.dbFile, '--json']);
    expect(inside.lastJson<{ results: Array<{ id: string }> }>().results[0]?.id).toBe('salary-bands');

    const file = sandbox.file('export.json');
    expect((await runLore(['export', '--format', 'json', file, '--db', sandbox.dbFile])).code).toBe(0);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ id: string; audience?: string[] }>;
    expect(exported.find((a) => a.id === 'salary-bands')?.audience).toEqual(['19:hr@thread.tacv2', 'C0HRTEAM']);
    expect(exported.find((a) => a.id === 'vpn-home')).not.toHaveProperty('audience');
  });
});
