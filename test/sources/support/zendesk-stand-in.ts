import { type StandIn, startStandIn } from './stand-in-server';

export interface StandInArticle {
  id: number;
  title: string;
  /** HTML. */
  body: string;
  section_id: number;
  label_names?: string[];
  draft?: boolean;
  locale?: string;
  /** Unix seconds. */
  updated_at: number;
}

/**
 * Zendesk Guide's Help Center API on 127.0.0.1, shaped as Zendesk documents it: sections
 * and articles with cursor pagination (`page[size]`, `page[after]`, `meta.has_more`,
 * `links.next`), articles of one section, and the incremental article export
 * (`start_time`, `next_page`, `end_time`, `count`), `incrementalPage` articles at a time.
 */
export interface ZendeskStandIn extends StandIn {
  readonly articles: Map<number, StandInArticle>;
  readonly sections: Map<number, string>;
  put(article: StandInArticle): void;
  incrementalPage: number;
}

const MAX_PAGE_SIZE = 100;

export async function startZendeskStandIn(): Promise<ZendeskStandIn> {
  const articles = new Map<number, StandInArticle>();
  const sections = new Map<number, string>();
  const state = { incrementalPage: 1000 };
  const render = (article: StandInArticle, origin: string) => {
    const locale = article.locale ?? 'en-us';
    const iso = new Date(article.updated_at * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return {
      id: article.id,
      url: `${origin}/api/v2/help_center/${locale}/articles/${article.id}.json`,
      html_url: `${origin}/hc/${locale}/articles/${article.id}-${article.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      author_id: 3726112,
      comments_disabled: false,
      draft: article.draft ?? false,
      promoted: false,
      position: 0,
      vote_sum: 0,
      vote_count: 0,
      section_id: article.section_id,
      created_at: iso,
      updated_at: iso,
      edited_at: iso,
      name: article.title,
      title: article.title,
      source_locale: 'en-us',
      locale,
      outdated: false,
      outdated_locales: [],
      permission_group_id: 1,
      user_segment_id: null,
      label_names: article.label_names ?? [],
      content_tag_ids: [],
      body: article.body,
    };
  };
  const cursorPage = <T>(url: URL, items: T[], key: string, origin: string) => {
    const size = Math.min(Number(url.searchParams.get('page[size]') ?? 30), MAX_PAGE_SIZE);
    const after = url.searchParams.get('page[after]');
    const start = after ? Number(Buffer.from(after, 'base64url').toString()) : 0;
    const slice = items.slice(start, start + size);
    const hasMore = start + size < items.length;
    const cursor = Buffer.from(String(start + size)).toString('base64url');
    const next = new URLSearchParams(url.searchParams);
    next.set('page[after]', cursor);
    return {
      [key]: slice,
      meta: { has_more: hasMore, after_cursor: hasMore ? cursor : null, before_cursor: start > 0 ? Buffer.from(String(start)).toString('base64url') : null },
      links: { first: `${origin}${url.pathname}?page[size]=${size}`, last: null, next: hasMore ? `${origin}${url.pathname}?${next}` : null, prev: null },
    };
  };
  const standIn = await startStandIn(
    (url, origin) => {
      const byId = (a: StandInArticle, b: StandInArticle) => a.id - b.id;
      const listed = url.pathname.includes('/incremental/') ? null : /^\/api\/v2\/help_center\/([a-z-]+)\/(?:sections\/(\d+)\/)?articles\.json$/.exec(url.pathname);
      if (listed) {
        const [, locale, section] = listed;
        const chosen = [...articles.values()].filter((a) => (a.locale ?? 'en-us') === locale && (!section || a.section_id === Number(section))).sort(byId);
        return { body: cursorPage(url, chosen.map((a) => render(a, origin)), 'articles', origin) };
      }
      const sectionList = /^\/api\/v2\/help_center\/([a-z-]+)\/sections\.json$/.exec(url.pathname);
      if (sectionList) {
        const all = [...sections].map(([id, name]) => ({ id, name, locale: sectionList[1], category_id: 1, position: 0, html_url: `${origin}/hc/sections/${id}` }));
        return { body: cursorPage(url, all, 'sections', origin) };
      }
      if (url.pathname === '/api/v2/help_center/incremental/articles.json') {
        const start = Number(url.searchParams.get('start_time'));
        if (!Number.isInteger(start)) return { status: 400, body: { error: 'InvalidValue', description: 'start_time is required' } };
        const changed = [...articles.values()].filter((a) => a.updated_at > start).sort((a, b) => a.updated_at - b.updated_at || a.id - b.id);
        const page = changed.slice(0, state.incrementalPage);
        const endTime = page.length > 0 ? page.at(-1)!.updated_at : start;
        const more = changed.length > page.length;
        return {
          body: {
            articles: page.map((a) => render(a, origin)),
            next_page: more ? `${origin}/api/v2/help_center/incremental/articles.json?start_time=${endTime}` : null,
            end_time: endTime,
            count: page.length,
          },
        };
      }
      return undefined;
    },
    () => ({ error: 'Couldn\'t authenticate you' }),
  );
  // Accessors, not copied values: a test's setting must reach the running stand-in.
  return Object.defineProperties(Object.assign(standIn, { articles, sections, put: (article: StandInArticle) => void articles.set(article.id, article) }), {
    incrementalPage: { get: () => state.incrementalPage, set: (value: number) => void (state.incrementalPage = value) },
  }) as ZendeskStandIn;
}
