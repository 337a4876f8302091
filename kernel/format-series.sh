#!/usr/bin/env bash
# Regenerates patches/ from a kernel tree whose branch holds the series on top of the
# pristine Debian commit: kernel/format-series.sh TREE [BASE] [BRANCH].
# The cover letter's subject and text come from kernel/cover-letter.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
tree=$1
base=${2:-pristine}
branch=${3:-HEAD}
rm -f "$root"/patches/0*.patch
# Signed off by the series' author, whoever runs this.
author=$(git -C "$tree" log -1 --format=%an "$branch")
email=$(git -C "$tree" log -1 --format=%ae "$branch")
git -C "$tree" -c user.name="$author" -c user.email="$email" format-patch -q -s --cover-letter \
  --subject-prefix="PATCH RFC net-next" -o "$root/patches" "$base..$branch"
python3 - "$root/patches/0000-cover-letter.patch" "$here/cover-letter.txt" <<'PY'
import sys
path, text = sys.argv[1], open(sys.argv[2]).read().rstrip('\n')
subject, _, body = text.partition('\n\n')
s = open(path).read()
s = s.replace('*** SUBJECT HERE ***', subject).replace('*** BLURB HERE ***', body)
open(path, 'w').write(s)
PY
ls "$root/patches"
