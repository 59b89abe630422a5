#!/usr/bin/env bash
# Every symbol the shared library exports must start with rws_ (no leaked helpers, no mysql_*).
set -euo pipefail
lib=${1:?usage: check_exports.sh librwsplit.so}
# __bss_start, _edata and _end are the linker's own markers: GNU ld re-exports them when a
# library linked in exports them (Debian's libconfig.so.9 does), so they are not ours.
syms=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sed 's/@.*//' |
       grep -Ev '^(__bss_start|_edata|_end)$' | sort -u)
[[ -n "$syms" ]] || { echo "no exported symbols found in $lib"; exit 1; }
bad=$(grep -v '^rws_' <<<"$syms" | grep -v '^rws__never$' || true)
internal=$(grep '^rws__' <<<"$syms" || true)
if [[ -n "$bad$internal" ]]; then
  echo "symbols exported by $lib that are not public rws_ API:"
  printf '%s\n' $bad $internal
  exit 1
fi
echo "$(wc -l <<<"$syms") exported symbols, all rws_*"
