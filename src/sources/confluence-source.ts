import { z } from 'zod';
import { LoreError } from '../errors';
import { confluenceStorageToMarkdown } from './confluence-storage';
import type { SourceListing, SourceSettings } from './source';
import type { SourceHttp } from './source-http';

type ConfluenceSettings = Extract<SourceSettings, { kind: 'confluence' }>;

/** Pages per request: Confluence Cloud caps expanded bodies at about this many. */
const PAGE_LIMIT = 50;
const EXPAND = 'body.storage,version,metadata.labels,space';

/** A page as the REST API v1 returns it with `expand=body.storage,version,metadata.labels,space`. */
const pageSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  type: z.string().optional(),
  status: z.string().optional(),
  title: z.string(),
  space: z.object({ key: z.string() }).optional(),
  body: z.object({ storage: z.object({ value: z.string() }) }).optional(),
  version: z.object({ number: z.number() }).optional(),
  metadata: z.object({ labels: z.object({ results: z.array(z.object({ name: z.string() })) }).optional() }).optional(),
  _links: z.object({ webui: z.string().optional(), tinyui: z.string().optional() }).optional(),
});

const pageListSchema = z.object({
  results: z.array(z.unknown()),
  _links: z.object({ next: z.string().optional(), base: z.string().optional(), context: z.string().optional() }).optional(),
});

/**
 * Lists the pages of a Confluence site's spaces (or every page under one page) through
 * REST API v1, Cloud or Data Center, following `_links.next` to the end. Each page
 * becomes an article `confluence:SPACE:ID` with its storage body as Markdown, its labels
 * as tags and its page URL as the source.
 */
export async function listConfluence(name: string, settings: ConfluenceSettings, http: SourceHttp, onPage?: (pages: number) => void): Promise<SourceListing> {
  const base = apiBase(settings.url);
  const listing: SourceListing = { records: [], unreadable: [], complete: true };
  const seen = new Set<string>();
  const take = (raw: unknown, fallbackSpace: string | undefined, links: { base?: string }) => {
    const parsed = pageSchema.safeParse(raw);
    if (!parsed.success) {
      listing.unreadable.push({ origin: `${name}: a page`, reason: `not shaped as a Confluence page (${parsed.error.issues[0]?.message ?? 'unknown'})` });
      return;
    }
    const page = parsed.data;
    if ((page.type && page.type !== 'page') || (page.status && page.status !== 'current') || seen.has(page.id)) return;
    seen.add(page.id);
    const space = page.space?.key ?? fallbackSpace ?? 'page';
    const url = page._links?.webui ? absolute(links.base ?? base, page._links.webui) : null;
    const origin = url ?? `${name}: page ${page.id}`;
    if (!page.body) {
      listing.unreadable.push({ origin, reason: 'came without its body (is body.storage expanded?)' });
      return;
    }
    const { storage } = page.body;
    const tags = (page.metadata?.labels?.results ?? []).map((label) => label.name).slice(0, 32);
    listing.records.push({
      id: `confluence:${space}:${page.id}`,
      origin,
      // Labels and the URL can change without a new page version: they are part of the stamp.
      ...(page.version ? { version: `${page.version.number}:${tags.join(',')}:${url ?? ''}:${page.title}` } : {}),
      read: () => ({ title: page.title, body: confluenceStorageToMarkdown(storage.value), tags, ...(url ? { sourceUrl: url } : {}) }),
    });
  };
  let pages = 0;
  const follow = async (first: string, space: string | undefined) => {
    for (let next: string | undefined = first; next; ) {
      assertSameOrigin(name, base, next);
      const parsed = pageListSchema.safeParse(await http.getJson(next));
      if (!parsed.success) throw new LoreError('SOURCE_FAILED', `The source ${name} answered ${next.split('?')[0]} with something other than a list of pages; check its --url.`);
      const links = parsed.data._links ?? {};
      for (const raw of parsed.data.results) take(raw, space, links);
      onPage?.(++pages);
      next = links.next ? absolute(links.base ?? base, links.next, links.context) : undefined;
    }
  };
  if (settings.under) {
    const root = await http.getJson(`${base}/rest/api/content/${settings.under}?expand=${EXPAND}`);
    take(root, undefined, {});
    await follow(`${base}/rest/api/content/search?cql=${encodeURIComponent(`ancestor=${settings.under} and type=page`)}&expand=${EXPAND}&limit=${PAGE_LIMIT}`, undefined);
  }
  for (const space of settings.spaces) {
    await follow(`${base}/rest/api/content?spaceKey=${encodeURIComponent(space)}&type=page&status=current&expand=${EXPAND}&limit=${PAGE_LIMIT}`, space);
  }
  return listing;
}

/** A `next` link elsewhere would carry the source's credentials to another site: refused. */
export function assertSameOrigin(name: string, base: string, link: string): void {
  if (new URL(link).origin !== new URL(base).origin) {
    throw new LoreError('SOURCE_FAILED', `The source ${name} pointed its next page at another site (${new URL(link).origin}); Lore does not send its credentials there.`);
  }
}

/** Where the REST API lives: a Cloud site's is under /wiki; a Data Center URL is taken as given (with its context path). */
export function apiBase(url: string): string {
  const parsed = new URL(url);
  let path = parsed.pathname.replace(/\/+$/, '');
  if (parsed.hostname.endsWith('.atlassian.net') && !path.endsWith('/wiki')) path += '/wiki';
  return `${parsed.origin}${path}`;
}

/**
 * A link from a response made absolute. Confluence gives `_links.next` relative to the
 * site's base (`/rest/api/content?…`, with the base in `_links.base`); an older Data
 * Center may include the context path, which must not be doubled.
 */
function absolute(base: string, link: string, context?: string): string {
  if (/^https?:\/\//i.test(link)) return link;
  const root = base.replace(/\/+$/, '');
  if (context && link.startsWith(`${context}/`) && root.endsWith(context)) return root.slice(0, root.length - context.length) + link;
  return root + (link.startsWith('/') ? link : `/${link}`);
}
