import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');

/** The newest modification time of the TypeScript the build compiles. */
function newestSource(): number {
  let newest = 0;
  for (const folder of ['src', 'adapters', 'scripts']) {
    for (const entry of fs.readdirSync(path.join(ROOT, folder), { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/** Builds dist/ when it is missing or older than the sources, so tests can run the built program. */
export function ensureBuilt(): void {
  const marker = path.join(ROOT, 'dist', 'adapters', 'main.js');
  if (!fs.existsSync(marker) || fs.statSync(marker).mtimeMs < newestSource()) {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
  }
}
