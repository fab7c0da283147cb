import fs from 'node:fs';
import { z } from 'zod';
import { LoreError } from '../errors';

const queriesSchema = z.array(
  z.object({
    question: z.string().trim().min(1, 'a question must not be empty'),
    article: z.string().min(1).nullable(),
  }),
);

export type LabelledQuestion = z.infer<typeof queriesSchema>[number];

/** Reads a queries file (`[{question, article}]`, `article: null` where nothing answers). */
export function readQueriesFile(file: string): LabelledQuestion[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new LoreError('IMPORT_UNREADABLE', `Cannot read the queries file ${file}; check the path.`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new LoreError('IMPORT_UNREADABLE', `${file} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = queriesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LoreError(
      'IMPORT_UNREADABLE',
      `${file} is not a queries file ([{"question": "...", "article": "id" | null}]): at ${issue.path.join('.') || 'the top'}: ${issue.message}`,
    );
  }
  return parsed.data;
}
