import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoreError } from '../../errors';
import { applySettings, describeEdit } from '../../knowledge/article-edit';
import type { ValidArticleInput } from '../../knowledge/article';
import { readEditedMarkdown, writeEditableMarkdown } from '../../knowledge/formats/editable-markdown';
import { type Command, type CommandContext } from '../command';
import { operatorOf } from './article-status-commands';

export const editCommand: Command = {
  name: 'edit',
  summary: 'change an article: in $EDITOR (Markdown with front matter), or --set field=value',
  usage: 'lore edit ID [--set FIELD=VALUE]... [--by PERSON] [--db FILE] [--json]',
  options: { set: { type: 'string', multiple: true }, by: { type: 'string' } },
  help: [
    'Without --set, opens the article in $VISUAL or $EDITOR (else vi); saving and closing keeps the change.',
    '--set FIELD=VALUE  for scripts; FIELD: title, body, tags (a,b), questions (q1|q2), status, owner, author,',
    '                   source, reviewDays, audience (C1,C2); repeat for several fields',
    '--by PERSON        who made the change, kept in the article\'s revisions (default: operator)',
  ],
  positionals: { min: 1, max: 1, name: 'ID' },
  async run([id], values, context) {
    const lore = context.openLore(values);
    try {
      const article = lore.knowledge.get(id!);
      if (!article) throw new LoreError('NOT_FOUND', `No article has the id ${id}; \`lore list\` lists them.`);
      const settings = Array.isArray(values.set) ? values.set.map(String) : [];
      const input = settings.length > 0 ? applySettings(article, settings) : editInEditor(writeEditableMarkdown(article), (text, file) => readEditedMarkdown(text, article, file), context);
      if (!input) {
        context.print(values, { edited: { id: article.id, outcome: 'unchanged' } }, () => `no change to "${article.title}" (${article.id})`);
        return 0;
      }
      const { article: saved, outcome } = lore.knowledge.save(input, article.workspace, { by: operatorOf(values), reason: describeEdit(article, input) });
      context.print(values, { edited: { id: saved.id, title: saved.title, outcome, revision: saved.revision } }, () =>
        outcome === 'unchanged' ? `no change to "${saved.title}" (${saved.id})` : `saved "${saved.title}" (${saved.id}), revision ${saved.revision}`,
      );
      return 0;
    } finally {
      lore.close();
    }
  },
};

/**
 * Opens the text in the person's editor and reads what they saved; undefined when they
 * saved nothing new. A file that does not read back is kept, and its path given, so
 * their work is not lost.
 */
function editInEditor(text: string, read: (text: string, file: string) => ValidArticleInput, context: CommandContext): ValidArticleInput | undefined {
  const editor = context.env.VISUAL || context.env.EDITOR || 'vi';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-edit-'));
  const file = path.join(dir, 'article.md');
  fs.writeFileSync(file, text);
  // Through the shell, as git does, so EDITOR may carry arguments ("code --wait").
  const run = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'sh', file], { stdio: 'inherit', env: { ...context.env } });
  if (run.error || run.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new LoreError('EDITOR_FAILED', `the editor (${editor}) ${run.error ? `could not start: ${run.error.message}` : `exited with ${run.status ?? run.signal}`}; nothing was changed. Set EDITOR to your editor.`);
  }
  const edited = fs.readFileSync(file, 'utf8');
  if (edited === text) {
    fs.rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  try {
    const input = read(edited, file);
    fs.rmSync(dir, { recursive: true, force: true });
    return input;
  } catch (error) {
    throw new LoreError('INVALID_INPUT', `${(error as Error).message}\nYour text is kept in ${file}; fix it and run \`lore edit\` again, or paste it there.`, { cause: error });
  }
}
