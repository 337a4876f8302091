#!/usr/bin/env bash
# kernel/mutant-boot.sh NAME [COUNT]: boots the series with one C mutant of
# harness/C_MUTANTS.ts applied to net/core/sock_reuserps.c of the tree, runs kernel:test
# on it (COUNT random traces, default 300), and puts the file back. The run must fail:
# this shows that the selftest and the random traces catch a broken kernel. Not part of
# CI: each mutant needs a rebuild, and the build after it one more.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
name=${1:?usage: kernel/mutant-boot.sh NAME [COUNT]}
file="$root/.cache/kernel/linux-source-6.12/net/core/sock_reuserps.c"
[ -f "$file" ] || { echo "mutant-boot: run npm run kernel:check first" >&2; exit 2; }
# Apply and build the series first: applying a changed series later would check out
# the file again and drop the mutant.
REUSERPS_BUILD_ONLY=1 bash "$here/check.sh" >/dev/null
saved=$(mktemp)
cp -p "$file" "$saved"
# A fresh mtime, so that the next build compiles the file again.
restore() { cp "$saved" "$file" && rm -f "$saved"; }
trap restore EXIT
node -e '
  require("ts-node/register/transpile-only");
  const fs = require("fs");
  const [name, file] = process.argv.slice(1);
  const m = require(process.cwd() + "/harness/C_MUTANTS.ts").C_MUTANTS.find((x) => x.name === name);
  if (!m) { console.error("mutant-boot: no C mutant " + name); process.exit(2); }
  const src = fs.readFileSync(file, "utf8");
  if (src.split(m.find).length !== 2) { console.error("mutant-boot: the edit of " + name + " does not match once"); process.exit(2); }
  fs.writeFileSync(file, src.replace(m.find, () => m.replace));
  console.log("mutant-boot: " + name + " applied (mirrors the model mutant " + m.mirrors + ")");
' "$name" "$file"
status=0
REUSERPS_KERNELDIFF_COUNT=${2:-300} bash "$here/test.sh" || status=$?
if [ "$status" = 0 ]; then
  echo "mutant-boot: $name survived: kernel:test passed on it"
  exit 1
fi
echo "mutant-boot: $name caught: kernel:test failed on it (exit $status)"
