/** `publish`: captures are answerable at once (unverified); `review`: non-editors' captures wait as drafts. */
export type CapturePolicy = 'publish' | 'review';

/** The platform name of the command line, whose operator runs Lore and is always an editor. */
export const OPERATOR_PLATFORM = 'cli';

/**
 * Who may publish, edit and discard: user ids, each for one platform (`slack:U123`) or
 * for any (`U123`). The operator at the command line is always an editor.
 */
export class Editors {
  private readonly ids: ReadonlySet<string>;

  constructor(entries: readonly string[] = []) {
    this.ids = new Set(entries.map((entry) => entry.trim()).filter(Boolean));
  }

  /** Parses LORE_EDITORS: comma- or space-separated `platform:id` or `id` entries. */
  static parse(list: string | undefined): Editors {
    return new Editors((list ?? '').split(/[\s,]+/));
  }

  /** True for an editor on that platform, and for the operator at the command line. */
  includes(user: string | null | undefined, platform: string): boolean {
    if (platform === OPERATOR_PLATFORM) return true;
    if (!user) return false;
    return this.ids.has(user) || this.ids.has(`${platform}:${user}`);
  }
}
