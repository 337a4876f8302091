#!/usr/bin/env bash
# npm run kernel:check: applies patches/*.patch to Debian's linux-source-6.12 and builds it.
#
# Stages (each timed): install the Debian packages that are missing (as root), unpack the
# tree once into .cache/kernel (git ignores it) and git-initialise it, apply the series
# with git am on a branch from the pristine commit, configure (tinyconfig + reuserps.config
# + debug.config: the kernel that kernel:test boots),
# build bzImage out of tree, then check: checkpatch.pl --strict on every patch, W=1 and
# sparse (C=2) on the objects the series touches, and a build with modules (IPv6 as a
# module) through modpost. An unchanged series and config are not
# applied or configured again, and make rebuilds only what changed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cache="$root/.cache/kernel"
src="$cache/linux-source-6.12"
build="$cache/build"
jobs=$(nproc)
stage_start=0
# shellcheck source=kernel/lib.sh
source "$here/lib.sh"
stage() { stage_start=$(date +%s); echo "== $1"; }
stage_end() { echo "   ($1: $(($(date +%s) - stage_start)) s)"; }

stage install
# The Debian version the series applies to. A newer one can move a hunk's context (6.12.118
# did), so the series is made against this one and rebased, with this line, when it moves.
base_version=6.12.118-1~deb12u1
need=()
if [ "$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null)" != "$base_version" ]; then
  need+=("linux-source-6.12=$base_version")
fi
for p in build-essential flex bison bc libelf-dev libssl-dev cpio sparse git python3-ply python3-git; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "kernel:check: missing Debian packages (${need[*]}); run as root to install them" >&2
    exit 2
  fi
  apt-get update -qq
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --allow-downgrades "${need[@]}" >/dev/null; then
    echo "kernel:check: cannot install ${need[*]}: if the archive no longer has" \
      "linux-source-6.12 $base_version, rebase the series and set base_version" >&2
    exit 2
  fi
fi
version=$(dpkg-query -W -f='${Version}' linux-source-6.12)
echo "   linux-source-6.12 $version"
stage_end install

stage unpack
if [ ! -f "$cache/unpacked-$version" ]; then
  rm -rf "$cache" && mkdir -p "$cache"
  tar -C "$cache" -xf /usr/src/linux-source-6.12.tar.xz
  # Debian's .gitignore ignores the whole top level ("/*"): drop that block so git sees
  # the tree. No patch of the series touches .gitignore.
  sed -i '/^# Debian packaging/,/^!\/debian\//d' "$src/.gitignore"
  git -C "$src" init -q -b pristine
  git -C "$src" add -A
  # The tree's ".*" rule ignores its own .gitignore files, which a patch may edit (a new
  # selftest is listed in its folder's): track them all.
  (cd "$src" && find . -name .gitignore -not -path './.git/*' -print0 | xargs -0 git add -f)
  git -C "$src" -c user.name=reuserps -c user.email=reuserps@invalid commit -q \
    -m "Debian linux-source-6.12 $version"
  touch "$cache/unpacked-$version"
fi
stage_end unpack

stage patch
series=$( (cat "$root"/patches/0*.patch 2>/dev/null || true) | sha256sum | cut -c1-16)
if [ "$(cat "$cache/applied" 2>/dev/null)" != "$series" ]; then
  # Apply in a worktree of its own, then move the build tree to the result: git rewrites
  # only the files that differ, so make rebuilds only what the change touched.
  apply="$cache/apply"
  worktree "$apply"
  git -C "$apply" am --abort >/dev/null 2>&1 || true
  git -C "$apply" checkout -q -f --detach pristine
  mapfile -t patches < <(ls "$root"/patches/0*.patch 2>/dev/null | grep -v '/0000-' || true)
  if [ ${#patches[@]} -gt 0 ]; then
    git -C "$apply" -c user.name=reuserps -c user.email=reuserps@invalid am -q "${patches[@]}"
  fi
  git -C "$src" checkout -q -f -B reuserps "$(git -C "$apply" rev-parse HEAD)"
  echo "$series" >"$cache/applied"
fi
git -C "$src" log --oneline pristine..HEAD
stage_end patch

stage configure
configure "$src" "$build"
for f in "${fragments[@]}"; do stuck "$f" "$build"; done
stage_end configure

stage build
make -s -C "$src" O="$build" -j"$jobs" bzImage
ls -l "$build/arch/x86/boot/bzImage"
stage_end build

if [ "${REUSERPS_BUILD_ONLY:-}" = 1 ]; then
  echo "kernel:check: built (checks skipped)"
  exit 0
fi

stage modules
# The same tree with modules on and IPv6 as a module, through modpost: a module that
# uses a symbol the series does not export fails here, which the test kernel (no
# modules) cannot show.
modules_build="$cache/build-modules"
configure "$src" "$modules_build" "${module_fragments[@]}"
stuck "$here/modules.config" "$modules_build"
make -s -C "$src" O="$modules_build" -j"$jobs" vmlinux modules
ls "$modules_build"/net/ipv6/ipv6.ko
stage_end modules

stage checks
touched=$(git -C "$src" diff --name-only pristine HEAD -- '*.c' | sed 's/\.c$/.o/')
if [ -n "$(ls "$root"/patches/0*.patch 2>/dev/null)" ]; then
  # checkpatch runs spdxcheck.py with the python3 on PATH; Debian's has ply.
  (cd "$src" && PATH="/usr/bin:$PATH" scripts/checkpatch.pl --strict --quiet "$root"/patches/0*.patch) \
    || { echo "kernel:check: checkpatch found problems" >&2; exit 1; }
fi
# A TCP listener feature leaves struct sock alone, so that UDP and UNIX sockets do not
# grow: its state is one pointer in struct inet_connection_sock.
if git -C "$src" diff pristine HEAD -- include/net/sock.h | grep -q '^[-+][^-+]'; then
  echo "kernel:check: the series changes include/net/sock.h (struct sock)" >&2
  exit 1
fi
echo "   struct sock: unchanged"
# W=1 and sparse against the pristine tree: only warnings the series adds count (6.12 has
# some of its own, e.g. sparse's context imbalance in sk_clone_lock()). Paths and line
# numbers are dropped before comparing.
base="$cache/base"
base_build="$cache/build-base"
worktree "$base"
prepared "$base" "$base_build"
warnings() {
  make -s -C "$1" O="$2" W=1 C=2 "$3" 2>&1 |
    sed -E 's#^.*/(linux-source-6\.12|base)/##; s#:[0-9]+:[0-9]+:#:#; s#:[0-9]+:#:#' | sort -u
}
for obj in $touched; do
  case "$obj" in tools/*) continue ;; esac
  new=$(warnings "$src" "$build" "$obj")
  old=""
  [ -f "$base/${obj%.o}.c" ] && old=$(warnings "$base" "$base_build" "$obj")
  added=$(comm -13 <(echo "$old") <(echo "$new") | sed '/^$/d')
  if [ -n "$added" ]; then
    echo "$added"
    echo "kernel:check: the series adds W=1 or sparse warnings in $obj" >&2
    exit 1
  fi
  echo "   W=1 and sparse: no warning added in $obj ($(echo "$old" | sed '/^$/d' | wc -l) before and after)"
done
stage_end checks

stage bisect
# Every patch builds on its own: each prefix of the series, in the apply worktree with a
# build dir of its own, compiles the objects the prefix touches.
head=$(git -C "$src" rev-parse HEAD)
if [ "$(cat "$cache/bisected" 2>/dev/null)" != "$head-$config" ]; then
  apply="$cache/apply"
  apply_build="$cache/build-apply"
  prepared "$apply" "$apply_build"
  for commit in $(git -C "$src" rev-list --reverse pristine..HEAD); do
    git -C "$apply" checkout -q -f --detach "$commit"
    objs=$(git -C "$apply" diff --name-only pristine "$commit" -- '*.c' | grep -v '^tools/' | sed 's/\.c$/.o/' || true)
    if [ -n "$objs" ]; then
      # shellcheck disable=SC2086
      make -s -C "$apply" O="$apply_build" -j"$jobs" $objs >/dev/null
    fi
    echo "   builds: $(git -C "$apply" log --format=%s -1)"
  done
  echo "$head-$config" >"$cache/bisected"
fi
stage_end bisect
echo "kernel:check: ok"
