#!/usr/bin/env bash
# Load one page of a running rwsplit-shop with wrk and show how its reads were spread over the
# backends (from /metrics before and after). Used for docs/performance.md.
# Usage: wrk-reads.sh BASE_URL PATH [SECONDS] [CONNECTIONS] [THREADS]
#   e.g. wrk-reads.sh http://127.0.0.1:15380 /products 20 16 2
# Behind a load balancer each instance has its own /metrics: list them in METRICS_URLS
# (space separated, e.g. "http://127.0.0.1:8081 http://127.0.0.1:8082") to add them up.
set -euo pipefail
base=${1:?usage: wrk-reads.sh BASE_URL PATH [SECONDS] [CONNECTIONS] [THREADS]}
path=${2:?PATH}
secs=${3:-20}
conns=${4:-16}
threads=${5:-2}
command -v wrk >/dev/null || { echo "wrk-reads.sh: wrk is missing (cmake/install-deps.sh e2e)" >&2; exit 1; }

metrics_urls=${METRICS_URLS:-$base}
metrics() { for u in $metrics_urls; do curl -fsS "$u/metrics"; done; }
reads() { # backend reads_total lines -> "name count", summed over the instances
  metrics | sed -n 's/^rwsplit_backend_reads_total{backend="\([^"]*\)"[^}]*} \([0-9]*\)$/\1 \2/p' |
    awk '{ n[$1] += $2 } END { for (k in n) print k, n[k] }' | sort
}
statements() {
  metrics | sed -n 's/^rwsplit_statements_total \([0-9]*\)$/\1/p' | awk '{ s += $1 } END { print s + 0 }'
}
before=$(reads)
stmts0=$(statements)
echo "\$ wrk -t$threads -c$conns -d${secs}s --latency $base$path"
wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$base$path"
after=$(reads)
stmts1=$(statements)
echo
echo "reads served during the run (rwsplit_backend_reads_total, after - before):"
total=0
while read -r name n; do
  b=$(awk -v k="$name" '$1 == k { print $2 }' <<<"$before")
  d=$((n - ${b:-0}))
  total=$((total + d))
  printf '  %-10s %8d\n' "$name" "$d"
done <<<"$after"
printf '  %-10s %8d   (statements routed: %d)\n' "total" "$total" "$((stmts1 - stmts0))"
