#!/usr/bin/env bash
# kernel/leak-boot.sh: boots kernel:stress on a deliberately leaking variant of the
# series and must see it fail. The variant forgets the charge of a request that dies as
# a request (__reqsk_free() in include/net/request_sock.h no longer calls
# reuserps_uncharge()), as the model mutant expiryKeepsCount does: a request that
# expires or is reset keeps counting against its listener. Only the SYN flood's
# requests die that way, so only the stress run's flood can see it. The header is put
# back afterwards; the build after it compiles what includes it again. Not part of CI:
# it needs two rebuilds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
file="$root/.cache/kernel/linux-source-6.12/include/net/request_sock.h"
[ -f "$file" ] || { echo "leak-boot: run npm run kernel:check first" >&2; exit 2; }
REUSERPS_BUILD_ONLY=1 bash "$here/check.sh" >/dev/null
saved=$(mktemp)
cp -p "$file" "$saved"
restore() { cp "$saved" "$file" && rm -f "$saved"; }
trap restore EXIT
grep -q '^		reuserps_uncharge(req->rsk_reuserps);$' "$file" ||
  { echo "leak-boot: __reqsk_free() no longer has the line to drop" >&2; exit 2; }
sed -i '/^	if (req->rsk_reuserps)$/{N;d}' "$file"
grep -q 'reuserps_uncharge(req->rsk_reuserps)' "$file" && { echo "leak-boot: the edit did not apply" >&2; exit 2; }
echo "leak-boot: __reqsk_free() forgets the charge of a request"
status=0
REUSERPS_STRESS_ONLY=1 bash "$here/stress.sh" || status=$?
if [ "$status" = 0 ]; then
  echo "leak-boot: the leaking variant passed kernel:stress"
  exit 1
fi
echo "leak-boot: the leaking variant was caught: kernel:stress failed (exit $status)"
