#!/usr/bin/env node
'use strict';
// The `reuserps` command. It runs the copy that `npm install` compiled into dist/ (npm's
// prepare step runs tsc once), which starts in a fraction of the time ts-node takes to
// compile the sources at every run. When a source is newer than that copy, or there is
// none, it compiles the sources on the fly with ts-node instead (types are checked by
// `npm test`), so an edit is never run stale.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const compiled = path.join(root, 'dist', 'cli', 'main.js');

/** The newest modification time of the TypeScript and JSON sources under `dir`. */
function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (/\.(ts|json)$/.test(e.name)) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

function fresh() {
  const built = fs.statSync(compiled, { throwIfNoEntry: false });
  if (built === undefined) return false;
  const sources = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8')).include;
  const dirs = [...sources, 'kerneldiff'].filter((d) => d !== 'test');
  return dirs.every(
    (d) => !fs.existsSync(path.join(root, d)) || newest(path.join(root, d)) < built.mtimeMs,
  );
}

let main;
const useCompiled = fresh();
// The bench asks which copy ran.
if (process.env.REUSERPS_SAY_HOW) process.stderr.write(useCompiled ? 'compiled\n' : 'ts-node\n');
if (useCompiled) {
  main = require(compiled).main;
} else {
  require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
  main = require('../cli/main.ts').main;
}
process.exitCode = main(process.argv.slice(2));
