#!/usr/bin/env bash
# npm run kernel:check: applies patches/*.patch to Debian's linux-source-6.12 and builds it.
#
# Stages (each timed): install the Debian packages that are missing (as root), unpack the
# tree once into .cache/kernel (git ignores it) and git-initialise it, apply the series
# with git am on a branch from the pristine commit, configure (tinyconfig + reuserps.config),
# build bzImage out of tree, then check: checkpatch.pl --strict on every patch, W=1 and
# sparse (C=2) on the objects the series touches. An unchanged series and config are not
# applied or configured again, and make rebuilds only what changed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cache="$root/.cache/kernel"
src="$cache/linux-source-6.12"
build="$cache/build"
jobs=$(nproc)
stage_start=0
stage() { stage_start=$(date +%s); echo "== $1"; }
stage_end() { echo "   ($1: $(($(date +%s) - stage_start)) s)"; }

stage install
need=()
for p in linux-source-6.12 build-essential flex bison bc libelf-dev libssl-dev cpio sparse git python3-ply; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "kernel:check: missing Debian packages (${need[*]}); run as root to install them" >&2
    exit 2
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
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
  [ -d "$apply" ] || git -C "$src" worktree add -q --detach "$apply" pristine
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
config=$(cat "$here/reuserps.config" | sha256sum | cut -c1-16)
if [ "$(cat "$cache/configured" 2>/dev/null)" != "$config" ] || [ ! -f "$build/.config" ]; then
  mkdir -p "$build"
  make -s -C "$src" O="$build" tinyconfig >/dev/null
  (cd "$src" && scripts/kconfig/merge_config.sh -m -O "$build" "$build/.config" "$here/reuserps.config" >/dev/null)
  make -s -C "$src" O="$build" olddefconfig >/dev/null
  echo "$config" >"$cache/configured"
fi
for opt in $(grep -o '^CONFIG_[A-Z0-9_]*=.*' "$here/reuserps.config"); do
  grep -qx "$opt" "$build/.config" || { echo "kernel:check: $opt did not stick in .config" >&2; exit 1; }
done
stage_end configure

stage build
make -s -C "$src" O="$build" -j"$jobs" bzImage
ls -l "$build/arch/x86/boot/bzImage"
stage_end build

stage checks
touched=$(git -C "$src" diff --name-only pristine HEAD -- '*.c' | sed 's/\.c$/.o/')
if [ -n "$(ls "$root"/patches/0*.patch 2>/dev/null)" ]; then
  (cd "$src" && scripts/checkpatch.pl --strict --quiet "$root"/patches/0*.patch) \
    || { echo "kernel:check: checkpatch found problems" >&2; exit 1; }
fi
for obj in $touched; do
  case "$obj" in tools/*) continue ;; esac
  log=$(make -s -C "$src" O="$build" W=1 C=2 "$obj" 2>&1 || true)
  if [ -n "$log" ]; then
    echo "$log"
    echo "kernel:check: W=1 or sparse warns on $obj" >&2
    exit 1
  fi
  echo "   W=1 and sparse clean: $obj"
done
stage_end checks
echo "kernel:check: ok"
