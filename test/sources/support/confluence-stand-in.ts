import { type StandIn, startStandIn } from './stand-in-server';

export interface StandInPage {
  id: string;
  space: string;
  title: string;
  /** The body in storage format (XHTML with ac: macros). */
  storage: string;
  labels?: string[];
  /** Ids of the pages above it, nearest last. */
  ancestors?: string[];
  version?: number;
}

/**
 * Confluence Cloud's REST API v1 on 127.0.0.1, shaped as Atlassian documents it: pages of
 * a space at /wiki/rest/api/content (offset pagination with `_links.next` relative to
 * `_links.base`), one page at /content/{id}, descendants by CQL at /content/search; the
 * body, version, labels and space only when asked for in `expand`; at most `maxLimit` results a request.
 */
export interface ConfluenceStandIn extends StandIn {
  readonly pages: Map<string, StandInPage>;
  put(page: StandInPage): void;
  maxLimit: number;
}

export async function startConfluenceStandIn(): Promise<ConfluenceStandIn> {
  const pages = new Map<string, StandInPage>();
  const state = { maxLimit: 25 };
  const render = (page: StandInPage, expand: Set<string>, base: string) => ({
    id: page.id,
    type: 'page',
    status: 'current',
    title: page.title,
    ...(expand.has('space') ? { space: { id: 98304, key: page.space, name: page.space, type: 'global', _links: { webui: `/spaces/${page.space}` } } } : {}),
    ...(expand.has('version') ? { version: { number: page.version ?? 1, when: '2026-11-30T10:00:00.000Z', minorEdit: false } } : {}),
    ...(expand.has('body.storage') ? { body: { storage: { value: page.storage, representation: 'storage' }, _expandable: { view: '' } } } : {}),
    ...(expand.has('metadata.labels')
      ? { metadata: { labels: { results: (page.labels ?? []).map((name, i) => ({ prefix: 'global', name, id: String(1000 + i), label: name })), start: 0, limit: 200, size: (page.labels ?? []).length } } }
      : {}),
    extensions: { position: 'none' },
    _links: {
      webui: `/spaces/${page.space}/pages/${page.id}/${encodeURIComponent(page.title).replace(/%20/g, '+')}`,
      tinyui: `/x/${page.id}`,
      self: `${base}/rest/api/content/${page.id}`,
    },
    _expandable: { children: '', ancestors: '' },
  });
  const listOf = (url: URL, base: string, all: StandInPage[]) => {
    const start = Number(url.searchParams.get('start') ?? 0);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 25), state.maxLimit);
    const expand = new Set((url.searchParams.get('expand') ?? '').split(',').filter(Boolean));
    const slice = all.slice(start, start + limit);
    const nextParams = new URLSearchParams(url.searchParams);
    nextParams.set('start', String(start + limit));
    nextParams.set('limit', String(limit));
    const relativePath = url.pathname.replace(/^\/wiki/, '');
    return {
      results: slice.map((page) => render(page, expand, base)),
      start,
      limit,
      size: slice.length,
      _links: {
        base,
        context: '/wiki',
        self: `${base}${relativePath}?${url.searchParams}`,
        ...(start + limit < all.length ? { next: `${relativePath}?${nextParams}` } : {}),
      },
    };
  };
  const ordered = () => [...pages.values()].sort((a, b) => Number(a.id) - Number(b.id));
  const standIn = await startStandIn(
    (url, origin) => {
      const base = `${origin}/wiki`;
      if (url.pathname === '/wiki/rest/api/content') {
        const space = url.searchParams.get('spaceKey');
        return { body: listOf(url, base, ordered().filter((page) => !space || page.space === space)) };
      }
      if (url.pathname === '/wiki/rest/api/content/search') {
        const ancestor = /ancestor\s*=\s*(\d+)/.exec(url.searchParams.get('cql') ?? '')?.[1];
        return { body: listOf(url, base, ordered().filter((page) => ancestor !== undefined && (page.ancestors ?? []).includes(ancestor))) };
      }
      const one = /^\/wiki\/rest\/api\/content\/(\d+)$/.exec(url.pathname);
      const page = one && pages.get(one[1]!);
      if (page) return { body: render(page, new Set((url.searchParams.get('expand') ?? '').split(',')), base) };
      return undefined;
    },
    () => ({ statusCode: 401, data: { authorized: false, valid: true, errors: [], successful: false }, message: 'Current user not permitted to use Confluence' }),
  );
  // Accessors, not copied values: a test's setting must reach the running stand-in.
  return Object.defineProperties(Object.assign(standIn, { pages, put: (page: StandInPage) => void pages.set(page.id, page) }), {
    maxLimit: { get: () => state.maxLimit, set: (value: number) => void (state.maxLimit = value) },
  }) as ConfluenceStandIn;
}
