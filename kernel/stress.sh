#!/usr/bin/env bash
# npm run kernel:stress: two more boots under qemu-system-x86_64 -smp 4.
#
# 1. kernel:test's debug kernel (KASAN, lockdep, PROVE_RCU, kmemleak, fault injection)
#    runs stress/stress.c: load, churn and SYN floods against SO_REUSERPS groups with
#    limits, with the accounting at the end of each phase and a kmemleak scan at the end.
#    It fails on a failed check, a run cut short, or any KASAN, lockdep, RCU, WARN or
#    kmemleak report.
# 2. kernel:check's module build (the same series without the debugging options, which
#    slow a connection down many times over and would be what a cost measured) runs the
#    cost phase of stress.c (connections and SYNs per second, reported as ratios: QEMU
#    emulates the CPUs here) and compare/kernelReplay.c: the workloads of `reuserps
#    compare` that a kernel can run, over Linux's hash, SO_INCOMING_CPU, the cBPF CPU
#    program and SO_REUSERPS. Its results land in .cache/kernel/compare-results.json,
#    and `reuserps compare --kernel` prints them beside the simulator's.
#
# REUSERPS_STRESS_SECONDS sets the length of a load phase (default 12 s of guest time);
# REUSERPS_STRESS_ONLY=1 skips the second boot.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cache="$root/.cache/kernel"
seconds=${REUSERPS_STRESS_SECONDS:-12}
jobs=$(nproc)
stage_start=0
stage() { stage_start=$(date +%s); echo "== $1"; }
stage_end() { echo "   ($1: $(($(date +%s) - stage_start)) s)"; }

# shellcheck source=kernel/lib.sh
source "$here/lib.sh"
guest_packages kernel:stress

# The debug kernel kernel:test boots: built once, not again when nothing changed.
REUSERPS_BUILD_ONLY=1 bash "$here/check.sh" >/dev/null
src="$cache/linux-source-6.12"
build="$cache/build"
modules_build="$cache/build-modules"
[ -f "$modules_build/vmlinux" ] || { echo "kernel:stress: run npm run kernel:check first (its module build)" >&2; exit 2; }

stage "programs and kernels"
headers="$cache/headers"
make -s -C "$src" O="$build" INSTALL_HDR_PATH="$headers" headers_install >/dev/null
# The module build made vmlinux and modules; its bootable image is only a link away.
make -s -C "$src" O="$modules_build" -j"$jobs" bzImage modules >/dev/null
# The guest programs, built once for both initramfs.
programs="$cache/guest-programs"
mkdir -p "$programs"
for c in stress/stress.c compare/kernelReplay.c; do
  gcc -static -O2 -Wall -D_GNU_SOURCE -I "$headers/include" -I "$here" \
    -o "$programs/$(basename "$c" .c)" "$root/$c" -lpthread
done
# initrd NAME COMMANDS: an initramfs with busybox and the programs, running COMMANDS.
initrd() {
  local dir="$cache/initrd-$1"
  rm -rf "$dir" && mkdir -p "$dir/bin" "$dir/tests" "$dir/proc" "$dir/sys" "$dir/dev"
  cp "$programs"/* "$dir/tests/"
  cp /bin/busybox "$dir/bin/busybox"
  cat >"$dir/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
ip link set lo up
cd /tests
# The results go to a file and are printed at the end with the console quiet: a kernel
# message (say, the clocksource watchdog under TCG) printed while a long line is written
# would land in the middle of it. The kernel's log follows (KERN_NOTICE and worse, what
# the console shows), for the checks.
(
echo "REUSERPS-BEGIN \$(uname -r)"
$2
) >out.txt 2>&1
dmesg -n 1
cat out.txt
echo "REUSERPS-END"
echo "REUSERPS-DMESG"
dmesg -r | grep "^<[0-5]>"
dmesg -n 5
reboot -f
INIT
  chmod +x "$dir/init"
}
initrd stress "./stress ${REUSERPS_STRESS_ARGS:-$seconds} 2>&1; echo \"REUSERPS-STRESS-EXIT \$?\""
initrd compare "insmod /tests/tun.ko
./stress $seconds cost 2>&1; echo \"REUSERPS-COST-EXIT \$?\"
./kernelReplay plan.txt 2>&1; echo \"REUSERPS-REPLAY-EXIT \$?\""
cp "$modules_build/drivers/net/tun.ko" "$cache/initrd-compare/tests/"
node "$root/bin/reuserps.js" compare --plan "$cache/initrd-compare/tests/plan.txt"
[ -n "${REUSERPS_STRESS_PLAN:-}" ] && cp "$REUSERPS_STRESS_PLAN" "$cache/initrd-compare/tests/plan.txt"
for n in stress compare; do
  (cd "$cache/initrd-$n" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$cache/initrd-$n.cpio.gz"
done
stage_end programs

fail=0
# boot NAME IMAGE: boots it with its initramfs; the log lands in initrd-NAME.log.
boot() {
  local log="$cache/initrd-$1.log" status=0
  timeout 1200 qemu-system-x86_64 -smp 4 -m 1024 -nographic -no-reboot \
    -kernel "$2" -initrd "$cache/initrd-$1.cpio.gz" \
    -append "console=ttyS0 panic=-1 loglevel=5 ${REUSERPS_STRESS_CMDLINE:-}" \
    </dev/null >"$log.raw" 2>&1 || status=$?
  tr -d '\r' <"$log.raw" >"$log"
  # The flows of each replayed run are long: shown only in the results file.
  grep -v '^CMP ' "$log" | sed -n '/^REUSERPS-BEGIN/,/^REUSERPS-END/p'
  if [ "$status" = 124 ]; then echo "kernel:stress: the $1 boot timed out (1200 s)"; fail=1; fi
  grep -q '^REUSERPS-END' "$log" || { echo "kernel:stress: the $1 boot did not finish"; fail=1; }
  local reports='WARNING: CPU|BUG:|refcount_t:|KASAN|possible circular locking|possible recursive locking|inconsistent lock state|possible irq lock inversion|suspicious RCU usage|Kernel panic|kmemleak: [0-9]+ new suspected'
  if grep -Eq "$reports" "$log"; then
    grep -E "$reports" "$log" | head -20
    echo "kernel:stress: the kernel reported a WARN, BUG, lockdep or memory problem"
    fail=1
  fi
}

stage "boot: the debug kernel under load, churn and SYN floods"
boot stress "$build/arch/x86/boot/bzImage"
grep -q '^REUSERPS-STRESS-EXIT 0$' "$cache/initrd-stress.log" || { echo "kernel:stress: a stress check failed"; fail=1; }
stage_end boot

if [ "${REUSERPS_STRESS_ONLY:-}" = 1 ]; then
  node "$root/bin/reuserps.js" stress-report --log "$cache/initrd-stress.log" || fail=1
  [ "$fail" = 0 ]
  exit
fi

stage "boot: the kernel without debugging options, cost and comparison"
boot compare "$modules_build/arch/x86/boot/bzImage"
log="$cache/initrd-compare.log"
grep -q '^REUSERPS-COST-EXIT 0$' "$log" || { echo "kernel:stress: the cost phase failed"; fail=1; }
grep -q '^REUSERPS-REPLAY-EXIT 0$' "$log" || { echo "kernel:stress: the replay failed"; fail=1; }
stage_end boot

results="$cache/compare-results.json"
kernel=$(sed -n 's/^REUSERPS-BEGIN //p' "$log")
if grep -q '^CMP ' "$log"; then
  { echo "{\"kernel\":\"$kernel\",\"runs\":["; sed -n 's/^CMP //p' "$log" | paste -sd,; echo ']}'; } >"$results.tmp"
  mv "$results.tmp" "$results"
  node "$root/bin/reuserps.js" compare --kernel "$results" || fail=1
fi
cat "$cache/initrd-stress.log" "$log" >"$cache/stress.log"
node "$root/bin/reuserps.js" stress-report --log "$cache/stress.log" || fail=1
[ "$fail" = 0 ]
