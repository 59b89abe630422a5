#!/usr/bin/env bash
# usage: replica_fault.sh kill|pause
# 4 threads, each its own connection, read-write workload for 20 s; in the middle one replica is
# SIGKILLed and restarted 5 s later (kill), or SIGSTOPped for 5 s and resumed (pause). No error
# reaches the application, every acknowledged write is on the primary afterwards, and the
# replica is used again once it is back.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/fault_lib.sh"
case "${1:-}" in
  kill) break_it=kill; mend_it=restart ;;
  pause) break_it=pause; mend_it=resume ;;
  *) echo "usage: $0 kill|pause" >&2; exit 2 ;;
esac
conf="$WORK/rwsplit.conf"
write_config "$conf" "monitor_interval_ms = 200;" "connect_timeout_ms = 1000;" "read_timeout_ms = 2000;"

"$RWSPLIT" bench -c "$conf" --verify --threads 4 --seconds 20 >"$WORK/bench.out" 2>"$WORK/bench.err" &
bench=$!
sleep 7
"${CLUSTER[@]}" "$break_it" replica1
sleep 5
"${CLUSTER[@]}" "$mend_it" replica1
wait "$bench" || true
cat "$WORK/bench.out"
grep -v "^rwsplit: \(warning\|info\)" "$WORK/bench.err" >&2 || true
json=$(tail -n 1 "$WORK/bench.out")
[[ $(json_field "$json" errors) == 0 ]] || fail "errors reached the application: $json"
[[ $(json_field "$json" writes_lost) == 0 ]] || fail "acknowledged writes are missing: $json"
(( $(json_field "$json" writes_acked) > 0 )) || fail "no write was acknowledged: $json"
(( $(json_field "$json" writes_found) >= $(json_field "$json" writes_acked) )) || fail "$json"
"${CLUSTER[@]}" wait-sync 30
expect_reads_on "$conf" replica1 "${RWS_TEST_REPLICAS%%,*}"
echo "1 passed, 0 failed"
