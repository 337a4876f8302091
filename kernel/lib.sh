# Shared by kernel/check.sh and kernel/test.sh (sourced, not run). Needs $here (this
# folder), $src (the unpacked tree) and $jobs.

# The fragment's hash: a build dir is configured again only when the fragment changes.
config=$(sha256sum <"$here/reuserps.config" | cut -c1-16)

# worktree DIR: a detached worktree of $src at the pristine commit, made once.
worktree() {
  [ -d "$1" ] || git -C "$src" worktree add -q --detach "$1" pristine
}

# configure TREE BUILD: tinyconfig + reuserps.config in BUILD, once per fragment.
configure() {
  if [ "$(cat "$2/.reuserps-config" 2>/dev/null)" != "$config" ] || [ ! -f "$2/.config" ]; then
    mkdir -p "$2"
    make -s -C "$1" O="$2" tinyconfig >/dev/null
    (cd "$1" && scripts/kconfig/merge_config.sh -m -O "$2" "$2/.config" "$here/reuserps.config" >/dev/null)
    make -s -C "$1" O="$2" olddefconfig >/dev/null
    echo "$config" >"$2/.reuserps-config"
  fi
}

# prepared TREE BUILD: configured, with the generated headers that single objects need.
prepared() {
  configure "$1" "$2"
  [ -f "$2/include/generated/autoconf.h" ] || make -s -C "$1" O="$2" -j"$jobs" prepare >/dev/null
}
