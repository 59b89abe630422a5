# Shared by the fault scripts: where the servers are (the env file of the test cluster), a
# configuration file for them, the tools, and a check of rwsplit bench's closing JSON line.
# shellcheck shell=bash
set -euo pipefail
: "${RWS_TEST_ENV_FILE:?run through ctest (it sets RWS_TEST_ENV_FILE)}"
: "${RWS_TEST_BINARY_DIR:?run through ctest}"
# shellcheck disable=SC1090
source "$RWS_TEST_ENV_FILE"
RWSPLIT="$RWS_TEST_BINARY_DIR/examples/rwsplit/rwsplit"
CLUSTER=("$RWS_TEST_CLUSTER_SCRIPT" --dir "$RWS_TEST_CLUSTER_DIR")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rwsplit-fault.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# write_config FILE [extra libconfig lines...]
write_config() {
  local file=$1; shift
  local p_host=${RWS_TEST_PRIMARY%:*} p_port=${RWS_TEST_PRIMARY##*:}
  {
    echo "user = \"$RWS_TEST_USER\";"
    echo "password = \"$RWS_TEST_PASSWORD\";"
    echo "database = \"$RWS_TEST_DATABASE\";"
    echo "primary = { name = \"primary\"; host = \"$p_host\"; port = $p_port; };"
    echo "replicas = ("
    local i=1 sep="" r
    IFS=, read -ra reps <<<"$RWS_TEST_REPLICAS"
    for r in "${reps[@]}"; do
      echo "  $sep{ name = \"replica$i\"; host = \"${r%:*}\"; port = ${r##*:}; }"
      sep=","; i=$((i + 1))
    done
    echo ");"
    printf '%s\n' "$@"
  } >"$file"
  chmod 600 "$file"
}

# json_field JSON KEY: the number after "KEY": in a one-line JSON object
json_field() {
  sed -n "s/.*\"$2\":\([-0-9.]*\).*/\1/p" <<<"$1"
}

fail() { echo "FAIL: $*" >&2; exit 1; }

# Wait until a read through librwsplit runs on the named backend again (bounded).
expect_reads_on() {
  local conf=$1 name=$2 addr=$3 i
  for i in $(seq 1 40); do
    if printf 'SELECT 1\nSELECT 1\nSELECT 1\nSELECT 1\n' | "$RWSPLIT" exec -c "$conf" --trace 2>&1 >/dev/null |
      grep -q "^$addr	replica"; then
      echo "reads reach $name ($addr) again"
      return 0
    fi
    sleep 0.5
  done
  fail "$name ($addr) gets no reads after it came back"
}
