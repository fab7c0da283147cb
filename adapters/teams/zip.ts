import { type ZipOptions, zipSync } from 'fflate';
import { deflateRawSync } from 'node:zlib';

/** One file of a ZIP archive: its name inside the archive and its bytes. */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

/**
 * Every entry gets the same time (the earliest a ZIP can hold, in local time as ZIP
 * stores it) and the same Unix mode, so the same files always give the same archive,
 * byte for byte.
 */
const FIXED: ZipOptions = { mtime: new Date(1980, 0, 1, 0, 0, 0), os: 3, attrs: (0o100644 << 16) >>> 0 };

/**
 * A standard ZIP archive of `entries`, written by fflate. Files are deflated unless that
 * makes them bigger (PNGs often are), then stored.
 */
export function zipFiles(entries: readonly ZipEntry[]): Buffer {
  const files: Record<string, [Uint8Array, ZipOptions]> = {};
  for (const entry of entries) {
    if (!entry.name || entry.name.startsWith('/') || entry.name.includes('\\') || Object.hasOwn(files, entry.name)) {
      throw new Error(`cannot add "${entry.name}" to a ZIP: names must be unique, relative and use / as separator`);
    }
    const shrinks = deflateRawSync(entry.data, { level: 9 }).length < entry.data.length;
    files[entry.name] = [entry.data, { ...FIXED, level: shrinks ? 9 : 0 }];
  }
  return Buffer.from(zipSync(files));
}
