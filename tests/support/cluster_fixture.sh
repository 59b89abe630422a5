#!/usr/bin/env bash
# ctest fixture: start or stop the local test cluster, unless the environment names external
# servers (RWS_TEST_PRIMARY), in which case the tests use those and nothing is started.
set -euo pipefail
cmd=${1:?usage: cluster_fixture.sh start|stop}
if [[ -n "${RWS_TEST_PRIMARY:-}" ]]; then
  echo "RWS_TEST_PRIMARY=${RWS_TEST_PRIMARY}: using external servers; no local cluster to $cmd"
  exit 0
fi
exec "${RWS_CLUSTER_SCRIPT:?}" --dir "${RWS_CLUSTER_DIR:?}" --base-port "${RWS_CLUSTER_BASE_PORT:?}" "$cmd"
