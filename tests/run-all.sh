#!/usr/bin/env bash
# The whole test suite, as CI runs it: install what is missing (apt), build, start the local
# MariaDB primary + replicas (a ctest fixture does), and run every test.
#   1. RelWithDebInfo, warnings as errors: unit, packaging, integration and fault tests
#   2. AddressSanitizer + UndefinedBehaviorSanitizer: unit, integration and fault tests
#   3. ThreadSanitizer: the concurrent fault workloads (4 threads, a replica killed or paused)
#   4. clang + libFuzzer: each fuzzer for a short, bounded time
# Usage: tests/run-all.sh [BUILD_ROOT]   (default: ./build-tests under the source tree)
# Servers: RWS_TEST_BASE_PORT (default 13306; the sanitizer build uses +100). To test against
# your own servers instead, set RWS_TEST_PRIMARY and friends (see README.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build-tests}
port=${RWS_TEST_BASE_PORT:-13306}
jobs=$(nproc)

"$root/cmake/install-deps.sh" test

step() { printf '\n=== %s\n' "$*"; }

step "build: RelWithDebInfo, -Werror"
cmake -S "$root" -B "$out/release" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRWS_WERROR=ON \
  -DRWS_TEST_BASE_PORT="$port" >/dev/null
cmake --build "$out/release" -j "$jobs"
step "tests: release build"
ctest --test-dir "$out/release" --output-on-failure -j 2
step "docs: the API reference builds without a Doxygen warning"
cmake --build "$out/release" --target docs

step "build: AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S "$root" -B "$out/asan" -DCMAKE_BUILD_TYPE=Debug -DRWS_WERROR=ON \
  -DRWS_SANITIZE=address,undefined -DRWS_TEST_BASE_PORT=$((port + 100)) >/dev/null
cmake --build "$out/asan" -j "$jobs"
step "tests: sanitizer build"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$out/asan" --output-on-failure -j 2 -LE packaging

step "build: ThreadSanitizer"
cmake -S "$root" -B "$out/tsan" -DCMAKE_BUILD_TYPE=Debug -DRWS_WERROR=ON \
  -DRWS_SANITIZE=thread -DRWS_TEST_BASE_PORT=$((port + 200)) >/dev/null
cmake --build "$out/tsan" -j "$jobs" --target rwsplit_tool
step "tests: concurrent workloads under ThreadSanitizer (Criterion's runner cannot start under it)"
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
  ctest --test-dir "$out/tsan" --output-on-failure -L concurrency

if [[ -f "$root/tests/fuzz/CMakeLists.txt" ]]; then
  step "build: libFuzzer targets (clang)"
  CC=clang cmake -S "$root" -B "$out/fuzz" -DCMAKE_BUILD_TYPE=Debug -DRWS_BUILD_FUZZERS=ON \
    -DRWS_BUILD_EXAMPLES=OFF >/dev/null
  cmake --build "$out/fuzz" -j "$jobs"
  step "tests: fuzzers (bounded)"
  ctest --test-dir "$out/fuzz" --output-on-failure -L fuzz
fi
step "all tests passed"
