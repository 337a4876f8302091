#!/usr/bin/env node
'use strict';
// The `reuserps` command: compiles the TypeScript sources on the fly (types are checked by
// `npm test`), then hands the arguments to cli/main.ts.
const path = require('node:path');
require('ts-node').register({
  transpileOnly: true,
  project: path.join(__dirname, '..', 'tsconfig.json'),
});
process.exitCode = require('../cli/main.ts').main(process.argv.slice(2));
