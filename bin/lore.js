#!/usr/bin/env node
'use strict';
// The compiled program is built by `npm ci` (the `prepare` script); say so if it is missing.
let main;
try {
  ({ main } = require('../dist/adapters/main.js'));
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && /dist[\\/]adapters[\\/]main/.test(error.message)) {
    process.stderr.write('lore is not built yet: run `npm ci` (or `npm run build`) in the project folder first.\n');
    process.exit(1);
  }
  throw error;
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`lore failed unexpectedly: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
