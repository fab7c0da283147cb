import { z } from 'zod';
import { LoreError } from '../errors';
import { slugify } from '../knowledge/article';
import { assertSameOrigin } from './confluence-source';
import { htmlToMarkdown } from './html-to-markdown';
import type { Source, SourceListing, SourceRecord, SourceSettings } from './source';
import type { SourceHttp } from './source-http';

type ZendeskSettings = Extract<SourceSettings, { kind: 'zendesk' }>;

const PAGE_SIZE = 100;
/** A full listing at least this often: an incremental export shows changes, never deletions. */
const FULL_EVERY_MS = 24 * 60 * 60 * 1000;
/** Zendesk leaves out of an incremental export what changed in the last minute; starting this much earlier misses nothing. */
const OVERLAP_S = 120;

/** An article as the Help Center API returns it. */
const articleSchema = z.object({
  id: z.number().int(),
  title: z.string().nullish(),
  name: z.string().nullish(),
  body: z.string().nullish(),
  html_url: z.string().nullish(),
  section_id: z.number().int().nullish(),
  label_names: z.array(z.string()).nullish(),
  draft: z.boolean().nullish(),
  locale: z.string().nullish(),
  updated_at: z.string().nullish(),
});

const pageSchema = z.object({
  articles: z.array(z.unknown()).optional(),
  sections: z.array(z.object({ id: z.number().int(), name: z.string() })).optional(),
  next_page: z.string().nullish(),
  end_time: z.number().nullish(),
  meta: z.object({ has_more: z.boolean() }).partial().nullish(),
  links: z.object({ next: z.string().nullish() }).partial().nullish(),
});

/**
 * Lists a Zendesk Guide Help Center's articles in one locale, of chosen sections or all:
 * in full (cursor pagination) on the first sync and once a day, else incrementally (the
 * incremental article export from the last sync's time), which only brings what changed.
 * Each article becomes `zendesk:ID` with its HTML body as Markdown, its section (by name)
 * and labels as tags, and its Help Center URL as the source. Drafts count as gone.
 */
export async function listZendesk(
  source: Source,
  settings: ZendeskSettings,
  http: SourceHttp,
  now: number,
  onPage?: (pages: number) => void,
): Promise<SourceListing> {
  const base = new URL(settings.url).origin;
  const locale = encodeURIComponent(settings.locale);
  const wanted = new Set(settings.sections);
  const sectionNames = await readSections(source.name, base, locale, http);
  const incremental = source.cursor !== null && source.fullSyncAt !== null && now - source.fullSyncAt < FULL_EVERY_MS;
  const listing: SourceListing = { records: [], unreadable: [], complete: !incremental };
  const byId = new Map<string, SourceRecord>();
  const gone = new Set<string>();
  let pages = 0;
  const follow = async (first: string): Promise<number | undefined> => {
    let endTime: number | undefined;
    for (let next: string | undefined = first; next; ) {
      assertSameOrigin(source.name, base, next);
      const page = parse(source.name, await http.getJson(next));
      for (const raw of page.articles ?? []) take(raw);
      onPage?.(++pages);
      const previousEnd = endTime;
      endTime = page.end_time ?? endTime;
      // Cursor pagination says when it is done; the incremental export's last page repeats its end time or comes back empty.
      const more = page.meta?.has_more ?? Boolean(page.next_page);
      next = more ? (page.links?.next ?? page.next_page ?? undefined) : undefined;
      if (incremental && ((page.articles ?? []).length === 0 || (previousEnd !== undefined && previousEnd === endTime))) next = undefined;
    }
    return endTime;
  };
  const take = (raw: unknown) => {
    const parsed = articleSchema.safeParse(raw);
    if (!parsed.success) {
      listing.unreadable.push({ origin: `${source.name}: an article`, reason: `not shaped as a Help Center article (${parsed.error.issues[0]?.message ?? 'unknown'})` });
      return;
    }
    const article = parsed.data;
    const id = `zendesk:${article.id}`;
    // The incremental export lists an article again when pages meet at one instant: the later listing wins.
    byId.delete(id);
    if (article.locale && article.locale.toLowerCase() !== settings.locale) return;
    if (wanted.size > 0 && !wanted.has(String(article.section_id ?? ''))) return;
    if (article.draft) {
      gone.add(id);
      return;
    }
    gone.delete(id);
    const section = article.section_id === null || article.section_id === undefined ? undefined : (sectionNames.get(article.section_id) ?? `section-${article.section_id}`);
    const url = article.html_url && /^https?:\/\//.test(article.html_url) ? article.html_url : null;
    const tags = [...(section ? [section] : []), ...(article.label_names ?? [])].map((tag) => tag.slice(0, 64)).slice(0, 32);
    byId.set(id, {
      id,
      origin: url ?? `${source.name}: article ${article.id}`,
      // A renamed section changes the tags without touching the article: part of the stamp.
      ...(article.updated_at ? { version: `${article.updated_at}:${tags.join(',')}:${url ?? ''}` } : {}),
      read: () => ({ title: article.title ?? article.name ?? '', body: htmlToMarkdown(article.body ?? ''), tags, ...(url ? { sourceUrl: url } : {}) }),
    });
  };

  const startedAt = Math.floor(now / 1000) - OVERLAP_S;
  if (incremental) {
    const endTime = await follow(`${base}/api/v2/help_center/incremental/articles.json?start_time=${source.cursor}`);
    listing.cursor = Math.max(source.cursor ?? 0, (endTime ?? startedAt + OVERLAP_S) - OVERLAP_S);
  } else {
    const firsts = settings.sections.length > 0
      ? settings.sections.map((section) => `${base}/api/v2/help_center/${locale}/sections/${section}/articles.json?page[size]=${PAGE_SIZE}`)
      : [`${base}/api/v2/help_center/${locale}/articles.json?page[size]=${PAGE_SIZE}`];
    for (const first of firsts) await follow(first);
    listing.cursor = startedAt;
  }
  listing.records = [...byId.values()];
  listing.gone = [...gone];
  return listing;
}

/** Section ids to tag names, from the Help Center's sections in the locale. */
async function readSections(name: string, base: string, locale: string, http: SourceHttp): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (let next: string | undefined = `${base}/api/v2/help_center/${locale}/sections.json?page[size]=${PAGE_SIZE}`; next; ) {
    assertSameOrigin(name, base, next);
    const page = parse(name, await http.getJson(next));
    for (const section of page.sections ?? []) names.set(section.id, slugify(section.name));
    next = (page.meta?.has_more ?? Boolean(page.next_page)) ? (page.links?.next ?? page.next_page ?? undefined) : undefined;
  }
  return names;
}

function parse(name: string, body: unknown): z.output<typeof pageSchema> {
  const parsed = pageSchema.safeParse(body);
  if (!parsed.success) throw new LoreError('SOURCE_FAILED', `The source ${name} answered with something other than a Help Center listing; check its --url.`);
  return parsed.data;
}
