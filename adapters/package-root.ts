import fs from 'node:fs';
import path from 'node:path';

/** The folder holding Lore's package.json, whether running from source or from dist/. */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** The sample knowledge base shipped in data/articles. */
export function defaultSampleDir(): string {
  return path.join(packageRoot(), 'data', 'articles');
}
