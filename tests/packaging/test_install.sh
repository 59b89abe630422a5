#!/usr/bin/env bash
# Install the built library into a temporary prefix, then build and run a consumer both ways:
# through the CMake package (shared and static) and with `cc $(pkg-config --cflags --libs rwsplit)`.
set -euo pipefail
build=${1:?usage: test_install.sh BUILD_DIR WORK_DIR CC}
work=${2:?}
cc=${3:-cc}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"

cmake --install "$build" --prefix "$prefix" >"$work/install.log"
libdir=$(find "$prefix" -name 'librwsplit.so' -printf '%h\n' | head -n 1)
[[ -n "$libdir" ]] || { echo "librwsplit.so was not installed"; exit 1; }
for f in include/rwsplit.h include/rwsplit_version.h; do
  [[ -f "$prefix/$f" ]] || { echo "missing $prefix/$f"; exit 1; }
done

echo "== CMake package"
cmake -S "$here/consumer" -B "$work/consumer-build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$cc" >"$work/consumer-configure.log"
cmake --build "$work/consumer-build" >"$work/consumer-build.log"
LD_LIBRARY_PATH="$libdir" "$work/consumer-build/consumer_shared"
"$work/consumer-build/consumer_static"
if ldd "$work/consumer-build/consumer_static" | grep -q librwsplit; then
  echo "consumer_static is linked to the shared librwsplit"; exit 1
fi

echo "== pkg-config"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
# shellcheck disable=SC2046
"$cc" -o "$work/consumer_pc" "$here/consumer/main.c" $(pkg-config --cflags --libs rwsplit)
LD_LIBRARY_PATH="$libdir" "$work/consumer_pc"
# shellcheck disable=SC2046
"$cc" -o "$work/consumer_pc_static" "$here/consumer/main.c" \
  $(pkg-config --cflags rwsplit) "$libdir/librwsplit.a" $(pkg-config --libs --static rwsplit | sed 's/-lrwsplit//')
"$work/consumer_pc_static"
echo "install + consumer: OK"
