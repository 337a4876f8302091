#!/usr/bin/env bash
# npm run kernel:test [-- --unpatched]: boots the kernel under qemu-system-x86_64 -smp 4
# and runs, in one boot, the SO_REUSERPS selftest and the upstream reuseport selftests
# (reuseport_bpf, reuseport_bpf_cpu, reuseport_dualstack, reuseport_addr_any,
# so_incoming_cpu), all built statically from the same tree. Output is KTAP over the
# serial console. Fails on any "not ok", a kernel WARN, BUG or lockdep report, or a
# timeout. With --unpatched it boots the pristine tree instead (built without the
# debugging options: kernel/unpatched.config) and expects the SO_REUSERPS cases to fail there (the test is seen to be able to fail) while the
# upstream ones pass. With --series REV it boots the series as patches/ held it at git
# revision REV (built once in a tree of its own) with today's selftests, and lists
# the cases that fail there: this is how a fix is shown to have a test that catches it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cache="$root/.cache/kernel"
jobs=$(nproc)
unpatched=0
series=""
case "${1:-}" in
  --unpatched) unpatched=1 ;;
  --series)
    series=$(git -C "$root" rev-parse --verify -q "${2:-}^{commit}") ||
      { echo "kernel:test: --series needs a git revision of this repository, not '${2:-}'" >&2; exit 2; }
    ;;
  "") ;;
  *) echo "usage: kernel/test.sh [--unpatched | --series REV]" >&2; exit 2 ;;
esac
stage_start=0
stage() { stage_start=$(date +%s); echo "== $1"; }
stage_end() { echo "   ($1: $(($(date +%s) - stage_start)) s)"; }

# shellcheck source=kernel/lib.sh
source "$here/lib.sh"
guest_packages kernel:test

# The kernel: kernel:check's tree and build (unpack, patch and build stages only).
REUSERPS_BUILD_ONLY=1 bash "$here/check.sh"
src="$cache/linux-source-6.12"
tree="$src"
build="$cache/build"
if [ "$unpatched" = 1 ]; then
  stage "build the unpatched kernel"
  tree="$cache/base"
  # Not kernel:check's build-base (the W=1 and sparse baseline, with the debug config).
  build="$cache/build-base-plain"
  worktree "$tree"
  configure "$tree" "$build" "$here/reuserps.config" "$here/unpatched.config"
  stuck "$here/unpatched.config" "$build"
  make -s -C "$tree" O="$build" -j"$jobs" bzImage
  stage_end build
fi
if [ -n "$series" ]; then
  stage "build the series of ${series:0:12}"
  tree="$cache/series-${series:0:12}"
  build="$tree.build"
  if [ ! -f "$tree.applied" ]; then
    worktree "$tree"
    old=$(mktemp -d)
    git -C "$root" archive "$series" patches | tar -x -C "$old"
    git -C "$tree" am --abort >/dev/null 2>&1 || true
    git -C "$tree" checkout -q -f --detach pristine
    git -C "$tree" -c user.name=reuserps -c user.email=reuserps@invalid am -q \
      $(ls "$old"/patches/0*.patch | grep -v '/0000-')
    rm -rf "$old"
    touch "$tree.applied"
  fi
  configure "$tree" "$build"
  make -s -C "$tree" O="$build" -j"$jobs" bzImage
  stage_end build
fi

stage selftests
# Headers of the patched tree: the SO_REUSERPS selftest needs its uapi even when it runs
# on the unpatched kernel, where it must fail.
headers="$cache/headers"
make -s -C "$src" O="$cache/build" INSTALL_HDR_PATH="$headers" headers_install >/dev/null
initrd="$cache/initrd-patched"
[ "$unpatched" = 1 ] && initrd="$cache/initrd-base"
[ -n "$series" ] && initrd="$cache/initrd-series"
rm -rf "$initrd" && mkdir -p "$initrd/bin" "$initrd/tests" "$initrd/proc" "$initrd/sys" "$initrd/dev"
selftests="$src/tools/testing/selftests"
tests=(reuserps reuserps_conn reuseport_bpf reuseport_bpf_cpu reuseport_dualstack reuseport_addr_any so_incoming_cpu)
for t in "${tests[@]}"; do
  # The upstream ones come from the tree under test; ours always from today's series.
  from="$tree/tools/testing/selftests"
  case "$t" in reuserps*) from="$selftests" ;; esac
  gcc -static -O2 -w -D_GNU_SOURCE -I "$headers/include" -I "$from" -I "$from/net" \
    -o "$initrd/tests/$t" "$from/net/$t.c" -lpthread
done
# The SO_REUSERPS cases our programs declare, counted from their sources.
cases_declared=$(cat "$selftests"/net/reuserps{_vectors.h,.c,_conn.c} | grep -c '^FIXTURE_VARIANT_ADD(')
# The differential run: random traces of the model, executed in the guest by
# kerneldiff/executor.c and compared with the model after the boot.
# On the unpatched kernel 300 are enough to see every SO_REUSERPS trace fail.
kd_count=${REUSERPS_KERNELDIFF_COUNT:-1000}
[ "$unpatched" = 1 ] && kd_count=${REUSERPS_KERNELDIFF_COUNT:-300}
kd_seed=${REUSERPS_KERNELDIFF_SEED:-20261202}
gcc -static -O2 -w -D_GNU_SOURCE -I "$headers/include" -I "$here" -o "$initrd/tests/kerneldiff" \
  "$root/kerneldiff/executor.c"
if [ -n "${REUSERPS_KERNELDIFF_TRACES:-}" ]; then
  # A traces file of one's own, to replay a disagreement or try a case by hand.
  cp "$REUSERPS_KERNELDIFF_TRACES" "$initrd/tests/traces.txt"
else
  node "$root/bin/reuserps.js" kerneldiff traces --count "$kd_count" --seed "$kd_seed" \
    --out "$initrd/tests/traces.txt"
fi
cp /bin/busybox "$initrd/bin/busybox"
cat >"$initrd/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
ip link set lo up
echo 1 > /proc/sys/net/ipv4/tcp_synack_retries
n=0
echo "KTAP version 1"
echo "1..7"
run() {
  n=$((n + 1))
  name=$1
  shift
  out=$("$@" 2>&1)
  status=$?
  echo "$out" | sed 's/^/# /'
  if [ "$status" -eq 0 ]; then echo "ok $n selftests: net: $name"; else echo "not ok $n selftests: net: $name # exit=$status"; fi
}
cd /tests
if [ -f only-traces ]; then
  # A second boot that runs the shrink candidates of a disagreement, nothing else.
  ./kerneldiff traces.txt 2>&1 | sed 's/^/# /'
  echo "REUSERPS-KTAP-END"
  reboot -f
fi
run reuserps ./reuserps
run reuserps_conn ./reuserps_conn
run reuseport_bpf ./reuseport_bpf
run reuseport_bpf_cpu ./reuseport_bpf_cpu
run reuseport_dualstack ./reuseport_dualstack
run reuseport_addr_any unshare -n sh -c 'ip link set lo up && ./reuseport_addr_any'
run so_incoming_cpu ./so_incoming_cpu
# The random traces: streamed, not captured, so that a run cut short shows how far it
# got. Not a KTAP test: the host compares these lines with the model after the boot.
./kerneldiff traces.txt 2>&1 | sed 's/^/# /'
echo "REUSERPS-KTAP-END"
reboot -f
INIT
chmod +x "$initrd/init"
(cd "$initrd" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$initrd.cpio.gz"
stage_end selftests

# shrink_boot: boots once more with only the executor, on smaller candidates of the
# traces that disagreed, and writes the smallest that still disagrees beside each one.
shrink_boot() {
  local again="$cache/initrd-shrink"
  node "$root/bin/reuserps.js" kerneldiff shrink --traces "$initrd/tests/traces.txt" \
    --log "$kd_log" --out "$cache/shrink-traces.txt" || return 0
  [ -s "$cache/shrink-traces.txt" ] || return 0
  rm -rf "$again" && cp -a "$initrd" "$again"
  cp "$cache/shrink-traces.txt" "$again/tests/traces.txt"
  touch "$again/tests/only-traces"
  (cd "$again" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$again.cpio.gz"
  echo "== shrink: a second boot with the candidates"
  timeout 900 qemu-system-x86_64 -smp 4 -m 1024 -nographic -no-reboot \
    -kernel "$build/arch/x86/boot/bzImage" -initrd "$again.cpio.gz" \
    -append "console=ttyS0 panic=-1 loglevel=5 kmemleak=off" </dev/null >"$again.log" 2>&1 || true
  tr -d '\r' <"$again.log" | sed -n 's/^# \([0-9]*\.[0-9]* .*\)/\1/p' >"$again.kerneldiff"
  node "$root/bin/reuserps.js" kerneldiff shrunk --traces "$again/tests/traces.txt" \
    --log "$again.kerneldiff" --out "$cache/kerneldiff" || true
}

stage boot
# kmemleak (on in the debug config for kernel:stress) slows every allocation down and
# would only make this boot longer: its selftests are not where leaks are looked for.
log="$initrd.log"
status=0
timeout 1200 qemu-system-x86_64 -smp 4 -m 1024 -nographic -no-reboot \
  -kernel "$build/arch/x86/boot/bzImage" -initrd "$initrd.cpio.gz" \
  -append "console=ttyS0 panic=-1 loglevel=5 kmemleak=off" </dev/null >"$log" 2>&1 || status=$?
# The executor's lines (one per step of the random traces) are compared below, not shown.
tr -d '\r' <"$log" | sed -n '/^KTAP version 1/,/^REUSERPS-KTAP-END/p' | grep -Ev '^# [0-9]+\.[0-9]+ '
stage_end boot

fail=0
if [ "$status" = 124 ]; then echo "kernel:test: the boot timed out (1200 s)"; fail=1; fi
grep -q '^REUSERPS-KTAP-END' <(tr -d '\r' <"$log") || { echo "kernel:test: the tests did not finish"; fail=1; }
# loglevel=5 lets KERN_WARNING through, where WARN() and lockdep report.
reports='WARNING: CPU|BUG:|refcount_t:|KASAN|possible circular locking|possible recursive locking|inconsistent lock state|possible irq lock inversion|suspicious RCU usage|Kernel panic'
if grep -Eq "$reports" "$log"; then
  grep -E "$reports" "$log" | head -20
  echo "kernel:test: the kernel reported a WARN, BUG or lockdep problem"
  fail=1
fi
results=$(tr -d '\r' <"$log" | grep -E '^(not )?ok [0-9]+ selftests: net: ' || true)
# The kernel's answers to the random traces, against the model (and, patched, its mutants).
kd_log="$initrd.kerneldiff"
tr -d '\r' <"$log" | sed -n 's/^# \([0-9]*\.[0-9]* .*\)/\1/p; s/^# \(kerneldiff: .*\)/\1/p' >"$kd_log"
kd_args=(--traces "$initrd/tests/traces.txt" --log "$kd_log" --out "$cache/kerneldiff")
[ "$unpatched" = 1 ] && kd_args+=(--unpatched)
[ "$unpatched" = 0 ] && [ -z "$series" ] && kd_args+=(--mutants)
kd_status=0
node "$root/bin/reuserps.js" kerneldiff check "${kd_args[@]}" || kd_status=$?
if [ "$kd_status" != 0 ]; then
  echo "kernel:test: the kernel and the model disagree on the random traces"
  fail=1
  [ "$unpatched" = 0 ] && [ -z "$series" ] && shrink_boot
fi
ours_failed=$(echo "$results" | grep -c '^not ok .* reuserps' || true)
upstream_failed=$(echo "$results" | grep '^not ok' | grep -vc ' reuserps' || true)
# The SO_REUSERPS cases (one per generated vector, one per family over loopback, and
# one per connection path of reuserps_conn) are KTAP subtests of our two programs,
# indented by one "# ". A case that exits 4 (skip) is not a pass, and each declared
# case must have run: a program that crashes half-way reports fewer.
cases=$(tr -d '\r' <"$log" | awk '/^# TAP version/ { on = 1 } on && /^# (not )?ok [0-9]+ / { print } / selftests: net: reuserps_conn/ { exit }' || true)
cases_ok=$(echo "$cases" | grep -v '# SKIP' | grep -c '^# ok' || true)
cases_failed=$(echo "$cases" | grep -c '^# not ok' || true)
cases_all=$(echo "$cases" | grep -c 'ok' || true)
echo "kernel:test: SO_REUSERPS cases: $cases_ok of $cases_declared ok, $cases_failed not ok ($cases_all ran)"
echo "kernel:test: $(echo "$results" | grep -c '^ok') ok, $(echo "$results" | grep -c '^not ok') not ok"
if [ -n "$series" ]; then
  # A demonstration, not a verdict: list what today's cases find in that series.
  echo "kernel:test --series ${series:0:12}: the SO_REUSERPS cases that fail there:"
  echo "$cases" | grep '^# not ok' | sed 's/^# /   /' || true
  tr -d '\r' <"$log" | grep -E '^# # [a-z_]+: ' | sed 's/^# # /   why: /' || true
  [ "$status" != 124 ]
  exit
fi
if [ "$unpatched" = 1 ]; then
  if [ "$ours_failed" = 2 ] && [ "$cases_failed" = "$cases_declared" ] && [ "$upstream_failed" = 0 ] && [ "$fail" = 0 ]; then
    echo "kernel:test --unpatched: the SO_REUSERPS cases fail on the unpatched kernel, as they must"
    exit 0
  fi
  echo "kernel:test --unpatched: expected all $cases_declared SO_REUSERPS cases to fail and the upstream ones to pass"
  exit 1
fi
[ "$ours_failed" = 0 ] && [ "$upstream_failed" = 0 ] && [ "$fail" = 0 ] && [ "$cases_ok" = "$cases_declared" ]
