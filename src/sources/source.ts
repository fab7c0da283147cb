import { z } from 'zod';

export const SOURCE_KINDS = ['folder', 'confluence', 'zendesk'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** An environment variable's name: what `--token-env` takes, never the secret itself. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SOURCE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const httpUrl = z.url({ protocol: /^https?$/, message: 'use an http(s) URL' }).max(2000);

/** What `lore sources add` takes, validated once here. */
export const sourceSettingsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('folder'),
    path: z.string().trim().min(1, '--path names the folder to read'),
  }),
  z.object({
    kind: z.literal('confluence'),
    url: httpUrl,
    spaces: z.array(z.string().trim().regex(/^~?[A-Za-z0-9_-]{1,255}$/, 'a space key is letters and digits, e.g. IT')).max(50).default([]),
    under: z.string().trim().regex(/^\d{1,20}$/, '--under takes a page id (the digits in the page URL)').optional(),
    email: z.email('--email takes the e-mail address of the Atlassian account').optional(),
    tokenEnv: z.string().regex(ENV_NAME, '--token-env takes the NAME of an environment variable that holds the token, not the token').optional(),
  }),
  z.object({
    kind: z.literal('zendesk'),
    url: httpUrl,
    sections: z.array(z.string().trim().regex(/^\d{1,20}$/, 'a section id is digits')).max(100).default([]),
    locale: z.string().trim().toLowerCase().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/, 'a locale looks like en-us').default('en-us'),
    email: z.email('--email takes the e-mail address of the Zendesk agent').optional(),
    tokenEnv: z.string().regex(ENV_NAME, '--token-env takes the NAME of an environment variable that holds the token, not the token').optional(),
  }),
]);

export type SourceSettings = z.output<typeof sourceSettingsSchema>;
export type SourceSettingsInput = z.input<typeof sourceSettingsSchema>;

export const sourceNameSchema = z
  .string()
  .trim()
  .regex(SOURCE_NAME, 'a source name is 1-64 lower-case letters, digits, hyphens or underscores, e.g. it-wiki');

/** A source as stored: its settings and how its last sync went. Times are ms since the epoch. */
export interface Source {
  name: string;
  workspace: string;
  settings: SourceSettings;
  createdAt: number;
  lastSyncAt: number | null;
  /** When every article was last listed (not only those changed): only then can deletions be seen. */
  fullSyncAt: number | null;
  /** Where an incremental listing starts next (Zendesk: a Unix time in seconds). */
  cursor: number | null;
  /** Why the last sync failed, or null. */
  error: string | null;
}

/** One article as a source gives it, before validation: `id` is the source's own id for it. */
export interface SourceRecord {
  id: string;
  /** Where it came from, for a rejection's message (a file, a page URL). */
  origin: string;
  /** The source's stamp of this version (page version, update time), when it has one. */
  version?: string;
  /** The article's fields; called only when the version is new, since converting HTML is the slow part of a sync. */
  read(): unknown;
}

/** Everything a source holds now (or, when `complete` is false, what changed since `cursor`). */
export interface SourceListing {
  records: SourceRecord[];
  /** Items that could not be read (a bad file, a page with no body), each with why. */
  unreadable: Array<{ origin: string; reason: string }>;
  /** True when `records` is all the source holds: only then are the articles missing from it archived. */
  complete: boolean;
  /** Where the next incremental listing starts, if the kind lists incrementally. */
  cursor?: number | null;
  /** Ids the source says are gone (an incremental listing's unpublished articles): archived even when not complete. */
  gone?: string[];
}
