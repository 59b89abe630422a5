#!/usr/bin/env bash
# Install what librwsplit needs from the distribution (Debian 12 / Ubuntu 22.04+), only what is
# missing. Usage: cmake/install-deps.sh [build|test|demo|docs|webapp|e2e|all]...  (default: build)
#   build  compiler, CMake, pkg-config, MariaDB Connector/C, libconfig
#   test   + Criterion, the MariaDB server (for the local test cluster), clang with libFuzzer
#          and the sanitizer runtimes, doxygen, and what the web application's tests need
#          (webapp + e2e)
#   demo   + the MariaDB server and client, the web application's libraries, nginx, curl
#   webapp libmicrohttpd and jansson (the example web application, examples/webapp)
#   e2e    Node.js and npm (its HTTP and browser tests), chromium, nginx, wrk, curl
# As root it runs apt-get; otherwise it prints the exact command to run and fails.
set -euo pipefail

build_pkgs=(build-essential cmake pkg-config libmariadb-dev libconfig-dev)
test_pkgs=(libcriterion-dev mariadb-server mariadb-client clang libclang-rt-dev binutils doxygen graphviz)
demo_pkgs=(mariadb-server mariadb-client)
docs_pkgs=(doxygen graphviz)
webapp_pkgs=(libmicrohttpd-dev libjansson-dev)
e2e_pkgs=(nodejs npm chromium nginx wrk curl)
demo_pkgs+=("${webapp_pkgs[@]}" nginx curl)
test_pkgs+=("${webapp_pkgs[@]}" "${e2e_pkgs[@]}")

want=()
[[ $# -eq 0 ]] && set -- build
for what in "$@"; do
  case "$what" in
    build) want+=("${build_pkgs[@]}") ;;
    test) want+=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
    demo) want+=("${build_pkgs[@]}" "${demo_pkgs[@]}") ;;
    docs) want+=("${build_pkgs[@]}" "${docs_pkgs[@]}") ;;
    webapp) want+=("${build_pkgs[@]}" "${webapp_pkgs[@]}") ;;
    e2e) want+=("${e2e_pkgs[@]}") ;;
    all) want+=("${build_pkgs[@]}" "${test_pkgs[@]}" "${demo_pkgs[@]}" "${docs_pkgs[@]}") ;;
    *) echo "install-deps.sh: unknown set '$what' (build, test, demo, docs, webapp, e2e, all)" >&2; exit 2 ;;
  esac
done

# libclang-rt-dev is a virtual name on some releases: resolve it to the clang version present.
resolve() {
  local p=$1
  if [[ $p == libclang-rt-dev ]]; then
    local v
    v=$(apt-cache depends clang 2>/dev/null | sed -n 's/.*Depends: clang-\([0-9]\+\)$/\1/p' | head -n 1)
    [[ -n "$v" ]] && p="libclang-rt-$v-dev"
  fi
  printf '%s\n' "$p"
}

# Node.js from another source (e.g. NodeSource's nodejs, which bundles npm and conflicts with
# Debian's npm package) counts as present.
provided() {
  case "$1" in
    nodejs) command -v node >/dev/null 2>&1 ;;
    npm) command -v npm >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

missing=()
for p in $(printf '%s\n' "${want[@]}" | sort -u); do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && continue
  provided "$p" && continue
  missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps.sh: missing packages: ${missing[*]}" >&2
  echo "run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# The package lists may be absent on a fresh machine: update once, then resolve names.
if ! apt-cache show cmake >/dev/null 2>&1 || [[ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n 1)" ]]; then
  apt-get update -qq
fi
resolved=()
for p in "${missing[@]}"; do resolved+=("$(resolve "$p")"); done
echo "install-deps.sh: installing ${resolved[*]}"
# apt-get may report failure only because the packaged mariadb service could not start (no init
# system); that is fine, we never use it. What matters is that every package is installed.
apt-get install -y -qq --no-install-recommends "${resolved[@]}" >/tmp/rwsplit-apt.log 2>&1 || true
for p in "${resolved[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    tail -n 30 /tmp/rwsplit-apt.log >&2
    echo "install-deps.sh: package '$p' did not install; see /tmp/rwsplit-apt.log" >&2
    exit 1
  fi
done
