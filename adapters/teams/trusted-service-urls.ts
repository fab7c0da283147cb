/**
 * The Bot Connector hosts Microsoft runs: Teams in the public cloud, the US government
 * clouds (GCC, GCC High, DoD) and Bot Framework's own channels. Exact names only where
 * the parent domain is shared with other Azure customers (anyone can own a name under
 * trafficmanager.net).
 */
const MICROSOFT_HOSTS: ReadonlySet<string> = new Set([
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
]);
/** Domains only Microsoft's Bot Framework names live under: the public, US government and China clouds. */
const MICROSOFT_DOMAINS = ['botframework.com', 'botframework.azure.us', 'botframework.azure.cn'] as const;

/** What decides which service URLs Lore replies to. */
export interface ServiceUrlTrust {
  /** Teams without an app id: the Agents Playground on this machine is a service too. */
  anonymous: boolean;
  /** LORE_TEAMS_SERVICE_URLS, as origins (scheme, host and port). */
  extra: readonly string[];
}

/**
 * Whether Lore may send to an activity's (or a stored conversation's) service URL: a
 * Microsoft Bot Connector host over HTTPS, an origin the operator listed, or, in
 * anonymous mode, this machine. Everything else would let a caller choose where Lore's
 * replies (and, with an app id, its tokens) go.
 */
export function isTrustedServiceUrl(serviceUrl: string | undefined, trust: ServiceUrlTrust): boolean {
  if (!serviceUrl) return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (trust.extra.includes(url.origin)) return true;
  if (url.protocol === 'https:' && isMicrosoftHost(url.hostname) && url.port === '') return true;
  return trust.anonymous && (url.protocol === 'http:' || url.protocol === 'https:') && isLoopback(url.hostname);
}

function isMicrosoftHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return MICROSOFT_HOSTS.has(host) || MICROSOFT_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** A name or address that can only mean this machine. */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
