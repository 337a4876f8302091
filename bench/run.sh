#!/bin/bash
# npm run bench: installs SPIN (Debian's package spin) for the side-by-side search when it
# is missing and this runs as root, then runs the benchmarks. Without SPIN the bench says
# so and measures the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v spin >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "bench: installing spin (apt-get install spin)" >&2
	apt-get install -y -q spin >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null 2>&1 && apt-get install -y -q spin >/dev/null 2>&1; } ||
		echo "bench: spin could not be installed; the SPIN figures are left out" >&2
fi
# Recording every transition of 2 x 3 limit 2 for the ceilings takes about 1 GB of heap.
exec node --max-old-space-size=8192 bin/reuserps.js bench "$@"
