#!/bin/sh
# record.sh - record the golden output of the conformance cases on the running kernel.
#
# Usage (as root, with gcc):   sh record.sh [CASE ...]
#   CASE is a case name (anon_faults) or file (anon_faults.c); without one, every *.c here.
#   Each case is compiled with `gcc -O1 -Wall` (all cases first, then `sync`) and run
#   $RUNS times in a row (default 3); the
#   binaries and raw runs go to $KSTATE_RAW (default /tmp/kstate-raw, never into git),
#   the merged result to NAME.golden.txt beside the source. File cases create their
#   scratch files in $KSTATE_FILE_DIR (default /tmp), which must not be tmpfs.
#   A case that defines KSTATE_NEEDS_SWAP needs a swap device: if none is active,
#   record.sh enables a 64 MiB swap file in $KSTATE_FILE_DIR for the run and removes
#   it at exit.
#
# Golden format (README.md has the full rule): line 1 is "# kernel <uname -r>"; then the
# case's output, line by line. A line that was the same in every run is written as is; a
# line that differed is written as every alternative seen, in first-seen order, joined
# by " || ". If the runs differ in their number of lines the case is unstable: record.sh
# fails, names the case, keeps the raw runs and leaves the old golden file untouched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
runs=${RUNS:-3}
raw=${KSTATE_RAW:-/tmp/kstate-raw}
[ "$(id -u)" = 0 ] || { echo "record.sh: needs root (pagemap pfns, kpageflags)" >&2; exit 1; }
mkdir -p "$raw"
[ $# -gt 0 ] || set -- "$here"/*.c
# Compile everything first and let the compiler's own file writes settle (sync): a case
# run right after gcc has finished shows more timing-dependent drains of the LRU batches.
for arg; do
  name=$(basename "$arg" .c)
  src=$here/$name.c
  [ -f "$src" ] || { echo "record.sh: no case $src" >&2; exit 1; }
  gcc -O1 -Wall -o "$raw/$name" "$src"
done
sync
# Swap for the cases that ask for it, when the machine has none of its own.
for arg; do
  grep -q '^#define KSTATE_NEEDS_SWAP' "$here/$(basename "$arg" .c).c" || continue
  [ "$(wc -l < /proc/swaps)" -gt 1 ] && break
  swapfile=${KSTATE_FILE_DIR:-/tmp}/kstate-swap.$$
  trap 'swapoff "$swapfile" 2>/dev/null; rm -f "$swapfile"' EXIT
  dd if=/dev/zero of="$swapfile" bs=1M count=64 status=none
  chmod 600 "$swapfile"
  mkswap "$swapfile" > /dev/null
  swapon "$swapfile"
  break
done
status=0
for arg; do
  name=$(basename "$arg" .c)
  files=
  i=1
  while [ "$i" -le "$runs" ]; do
    out=$raw/$name.run$i.txt
    if ! "$raw/$name" > "$out"; then
      echo "record.sh: $name: run $i failed (output in $out)" >&2; exit 1
    fi
    if grep -q ' || ' "$out"; then
      echo "record.sh: $name: output contains the separator ' || '" >&2; exit 1
    fi
    files="$files $out"
    i=$((i + 1))
  done
  # shellcheck disable=SC2086
  if awk '
    FNR == 1 { f++ }
    { line[f, FNR] = $0; len[f] = FNR }
    END {
      for (i = 2; i <= f; i++)
        if (len[i] != len[1]) {
          printf "record.sh: %s: run 1 has %d lines, run %d has %d: unstable, not recorded\n", name, len[1], i, len[i] > "/dev/stderr"
          exit 2
        }
      for (l = 1; l <= len[1]; l++) {
        out = line[1, l]; split("", seen); seen[out] = 1
        for (i = 2; i <= f; i++) {
          s = line[i, l]
          if (!(s in seen)) { seen[s] = 1; out = out " || " s }
        }
        print out
      }
    }' name="$name" $files > "$raw/$name.merged.txt"; then
    { echo "# kernel $(uname -r)"; cat "$raw/$name.merged.txt"; } > "$here/$name.golden.txt"
    echo "$here/$name.golden.txt"
  else
    status=1
  fi
done
exit $status
