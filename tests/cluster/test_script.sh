#!/usr/bin/env bash
# The cluster script itself: it starts and stops cleanly twice in a row and leaves no server
# running; bad invocations (a port in use, a socket path too long, an unknown command or node)
# print a clear message and exit non-zero. Uses its own directory and ports.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
script="$here/cluster.sh"
port=${RWS_SCRIPT_TEST_PORT:-13706}
dir=$(mktemp -d /tmp/rwsc-script.XXXXXX)
blocker=''
cleanup() {
  [[ -n $blocker ]] && kill "$blocker" 2>/dev/null || true
  "$script" --dir "$dir" stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ours() { pgrep -f -- "--defaults-file=$dir/" || true; }   # our servers only, to look at

for round in 1 2; do
  "$script" --dir "$dir" --base-port "$port" start >/dev/null || fail "start (round $round)"
  "$script" --dir "$dir" status >/dev/null || fail "status after start (round $round)"
  [[ $(ours | wc -l) == 3 ]] || fail "expected 3 servers, found: $(ours | tr '\n' ' ')"
  "$script" --dir "$dir" stop >/dev/null || fail "stop (round $round)"
  for _ in $(seq 1 50); do [[ -z $(ours) ]] && break; sleep 0.1; done
  [[ -z $(ours) ]] || fail "servers left running after stop: $(ours | tr '\n' ' ')"
  echo "round $round: started, healthy, stopped, nothing left"
done

# A port in use
python3 -m http.server --bind 127.0.0.1 $((port + 1)) >/dev/null 2>&1 &
blocker=$!
for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/$((port + 1))) 2>/dev/null && break; sleep 0.1; done
set +e
msg=$("$script" --dir "$dir" --base-port "$port" start 2>&1)
rc=$?
set -e
kill "$blocker"; wait "$blocker" 2>/dev/null || true; blocker=''
(( rc != 0 )) || fail "start succeeded with port $((port + 1)) taken"
grep -q "port $((port + 1)).*already in use" <<<"$msg" || fail "unclear message: $msg"
[[ -z $(ours) ]] || fail "a failed start left servers running"
echo "port in use: exit $rc: $(grep -m1 'already in use' <<<"$msg")"

# A socket path too long
long="/tmp/$(printf 'x%.0s' $(seq 1 110))"
set +e
msg=$("$script" --dir "$long" --base-port "$port" start 2>&1); rc=$?
set -e
(( rc != 0 )) || fail "start accepted a socket path over the limit"
grep -qi "socket" <<<"$msg" || fail "unclear message: $msg"
[[ ! -e $long ]] || fail "it created $long"
echo "path too long: exit $rc: $msg"

# Unknown command, unknown node
set +e
msg=$("$script" --dir "$dir" frobnicate 2>&1); rc=$?
set -e
(( rc == 2 )) || fail "unknown command: exit $rc"
echo "unknown command: exit $rc: $msg"
set +e
msg=$("$script" --dir "$dir" kill replica9 2>&1); rc=$?
set -e
(( rc != 0 )) || fail "unknown node accepted"
echo "unknown node: exit $rc: $msg"
echo "1 passed, 0 failed"
