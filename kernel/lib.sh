# Shared by kernel/check.sh and kernel/test.sh (sourced, not run). Needs $here (this
# folder), $src (the unpacked tree) and $jobs.

# The fragments of each build: the test kernel (reuserps.config, then debug.config) and
# the module build (reuserps.config, then modules.config). A build dir is configured again
# only when its fragments change.
fragments=("$here/reuserps.config" "$here/debug.config")
module_fragments=("$here/reuserps.config" "$here/modules.config")
config=$(cat "${fragments[@]}" | sha256sum | cut -c1-16)

# worktree DIR: a detached worktree of $src at the pristine commit, made once.
worktree() {
  [ -d "$1" ] || git -C "$src" worktree add -q --detach "$1" pristine
}

# configure TREE BUILD [FRAGMENT...]: tinyconfig + the fragments (by default those of the
# test kernel) in BUILD, once per set of fragments.
configure() {
  local tree=$1 out=$2
  shift 2
  local with=("${fragments[@]}")
  [ $# -gt 0 ] && with=("$@")
  local hash
  hash=$(cat "${with[@]}" | sha256sum | cut -c1-16)
  if [ "$(cat "$out/.reuserps-config" 2>/dev/null)" != "$hash" ] || [ ! -f "$out/.config" ]; then
    mkdir -p "$out"
    make -s -C "$tree" O="$out" tinyconfig >/dev/null
    (cd "$tree" && scripts/kconfig/merge_config.sh -m -O "$out" "$out/.config" "${with[@]}" >/dev/null)
    make -s -C "$tree" O="$out" olddefconfig >/dev/null
    echo "$hash" >"$out/.reuserps-config"
  fi
}

# stuck FRAGMENT BUILD: every CONFIG_X=... of the fragment made it into BUILD/.config.
stuck() {
  local opt
  for opt in $(grep -o '^CONFIG_[A-Z0-9_]*=.*' "$1"); do
    grep -qx "$opt" "$2/.config" || { echo "kernel: $opt did not stick in $2/.config" >&2; return 1; }
  done
  for opt in $(sed -n 's/^# \(CONFIG_[A-Z0-9_]*\) is not set$/\1/p' "$1"); do
    if grep -q "^$opt=" "$2/.config"; then
      echo "kernel: $opt is still set in $2/.config" >&2
      return 1
    fi
  done
}

# prepared TREE BUILD: configured, with the generated headers that single objects need.
prepared() {
  configure "$1" "$2"
  [ -f "$2/include/generated/autoconf.h" ] || make -s -C "$1" O="$2" -j"$jobs" prepare >/dev/null
}

# guest_packages WHO: QEMU and busybox for the boots, installed when missing (as root).
guest_packages() {
  local p
  for p in qemu-system-x86 busybox-static; do
    if ! dpkg -s "$p" >/dev/null 2>&1; then
      [ "$(id -u)" -eq 0 ] || { echo "$1: install $p (as root)" >&2; exit 2; }
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null
    fi
  done
}
