/** "VPN, remote access" → ['vpn', 'remote access']: tags as the article format takes them. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(/[,\n]/)
    .map((tag) => tag.trim().toLowerCase().slice(0, 64))
    .filter(Boolean);
  return [...new Set(tags)].slice(0, 32);
}
