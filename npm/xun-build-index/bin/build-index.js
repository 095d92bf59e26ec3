#!/usr/bin/env node
// `build-index` and `npx build-index`: runs this platform's binary with the
// same arguments, and exits as it does.
'use strict';
const { run, XunInstallError } = require('../index.js');

try {
  process.exitCode = run(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof XunInstallError)) throw e;
  console.error(`build-index: error: ${e.message}`);
  process.exitCode = 1;
}
