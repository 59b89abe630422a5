#!/usr/bin/env bash
# The main job: the architecture of a growing site, on one machine.
#
#   browser -> nginx :8080 (round robin) -> rwsplit-shop "shop-a" :8081 --+--> MariaDB primary  :13306
#                                         -> rwsplit-shop "shop-b" :8082 --+--> MariaDB replica1 :13307
#                                                                          +--> MariaDB replica2 :13308
#
# It installs what is missing (cmake/install-deps.sh demo, as root), builds the library and the
# example shop (examples/webapp), starts the local cluster (tests/cluster/cluster.sh, data under
# the build tree), two instances of the shop and nginx in front of them (our own nginx process
# with a generated config: never the system service), and prints the URL. Ctrl-C or SIGTERM
# stops everything it started, by PID.
#
# Usage: examples/demo.sh [--check] [--port PORT] [--db-port PORT] [--build-dir DIR]
#   --check          start everything, run a smoke check through nginx with curl (sign up on
#                    one instance, read it back from the other, order, status, metrics), stop,
#                    and exit 0 if it passed
#   --port PORT      nginx's port (default 8080); the two instances use PORT+1 and PORT+2
#   --db-port PORT   the cluster's first port (default 13306; it uses three)
#   --build-dir DIR  where to build and keep the cluster, configs and logs (default ./build-demo)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
check=0
port=8080
db_port=13306
build="$root/build-demo"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --check) check=1 ;;
    --port) port=${2:?--port needs a value}; shift ;;
    --db-port) db_port=${2:?--db-port needs a value}; shift ;;
    --build-dir) build=${2:?--build-dir needs a value}; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for p in "$port" "$db_port"; do
  [[ $p =~ ^[0-9]+$ ]] && (( p >= 1024 && p <= 65000 )) || { echo "demo.sh: bad port '$p'" >&2; exit 2; }
done
build=$(mkdir -p "$build" && cd "$build" && pwd)
run="$build/demo"
mkdir -p "$run"

say() { printf '\033[1mdemo:\033[0m %s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

# ---- what we start, and how we stop it ---------------------------------------------------------
pids=()            # the shops and nginx, stopped in reverse order
cluster_dir=""     # set once we started the cluster (not when it was already running)
cleanup_done=0
cleanup() {
  [[ $cleanup_done == 1 ]] && return
  cleanup_done=1
  trap - INT TERM
  # nginx first (SIGQUIT: graceful), then the shops (SIGTERM: they finish what is in flight)
  for (( i=${#pids[@]}-1; i>=0; i-- )); do
    if [[ ${pids[i]} == "${nginx_pid:-}" ]]; then sig=QUIT; else sig=TERM; fi
    kill -"$sig" "${pids[i]}" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n $cluster_dir ]]; then
    say "stopping the cluster"
    "$root/tests/cluster/cluster.sh" --dir "$cluster_dir" stop >/dev/null || true
  fi
}
trap cleanup EXIT
trap 'echo; say "stopping everything"; exit 130' INT
trap 'say "stopping everything"; exit 143' TERM

# ---- 1. dependencies and build -----------------------------------------------------------------
say "installing what is missing (cmake/install-deps.sh demo)"
"$root/cmake/install-deps.sh" demo
say "building into $build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRWS_BUILD_TESTS=OFF \
  -DRWS_BUILD_EXAMPLES=ON >"$run/cmake.log" 2>&1 || { tail -n 30 "$run/cmake.log" >&2; die "cmake failed"; }
cmake --build "$build" -j "$(nproc)" --target rwsplit_shop >>"$run/cmake.log" 2>&1 ||
  { tail -n 30 "$run/cmake.log" >&2; die "the build failed (log: $run/cmake.log)"; }
shop_bin="$build/examples/webapp/rwsplit-shop"
[[ -x $shop_bin ]] || die "$shop_bin was not built (libmicrohttpd-dev and libjansson-dev installed?)"

# ---- 2. the cluster ----------------------------------------------------------------------------
# Unix socket paths are short: a deep build tree keeps the cluster in /tmp instead.
cdir="$build/cluster"
if (( ${#cdir} > 80 )); then
  cdir="/tmp/rwsplit-demo-$(printf '%s' "$build" | md5sum | cut -c1-10)"
fi
if "$root/tests/cluster/cluster.sh" --dir "$cdir" env >/dev/null 2>&1; then
  say "the cluster in $cdir is already running: using it (it stays running afterwards)"
else
  say "starting MariaDB: a primary and two replicas on 127.0.0.1:$db_port-$((db_port + 2))"
  cluster_dir=$cdir
  "$root/tests/cluster/cluster.sh" --dir "$cdir" --base-port "$db_port" start >"$run/cluster.log" 2>&1 ||
    { tail -n 20 "$run/cluster.log" >&2; die "the cluster did not start (log: $run/cluster.log)"; }
fi
envfile=$("$root/tests/cluster/cluster.sh" --dir "$cdir" env)
declare -A E
while IFS='=' read -r k v; do [[ -n $k ]] && E[$k]=$v; done <"$envfile"

# ---- 3. the library's configuration ------------------------------------------------------------
conf="$run/rwsplit.conf"
IFS=, read -r r1 r2 <<<"${E[RWS_TEST_REPLICAS]}"
( umask 077
  cat >"$conf" <<EOF
# generated by examples/demo.sh: the shop's librwsplit configuration (docs/configuration.md)
user = "${E[RWS_TEST_USER]}";
password = "${E[RWS_TEST_PASSWORD]}";
database = "${E[RWS_TEST_DATABASE]}";
primary = { name = "primary"; host = "${E[RWS_TEST_PRIMARY]%:*}"; port = ${E[RWS_TEST_PRIMARY]##*:}; };
replicas = (
  { name = "replica1"; host = "${r1%:*}"; port = ${r1##*:}; },
  { name = "replica2"; host = "${r2%:*}"; port = ${r2##*:}; }
);
max_lag_ms = 1000;          # a replica further behind gets no reads
consistency = "session";    # read-your-writes, also across instances through the token cookie
causal_wait_ms = 200;
monitor_interval_ms = 250;
EOF
)

# ---- 4. two instances of the shop -------------------------------------------------------------
start_shop() { # name port
  local name=$1 p=$2 log="$run/$1.log"
  # setsid: a Ctrl-C in the terminal reaches this script only, which stops everyone in order
  setsid "$shop_bin" -c "$conf" --listen "127.0.0.1:$p" --instance "$name" >"$log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 1 300); do
    grep -q "listening on" "$log" && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "$name did not start"; }
    sleep 0.1
  done
  die "$name did not start in 30 s (log: $log)"
}
say "starting two instances of the shop: shop-a on :$((port + 1)), shop-b on :$((port + 2))"
start_shop shop-a $((port + 1))
start_shop shop-b $((port + 2))

# ---- 5. nginx in front, round robin -------------------------------------------------------------
ngx="$run/nginx"
mkdir -p "$ngx/logs" "$ngx/tmp"
cat >"$ngx/nginx.conf" <<EOF
# generated by examples/demo.sh: our own nginx, in the foreground, files under $ngx
daemon off;
worker_processes 1;
pid $ngx/nginx.pid;
error_log $ngx/logs/error.log warn;
events { worker_connections 512; }
http {
  access_log $ngx/logs/access.log;
  client_body_temp_path $ngx/tmp/body;
  proxy_temp_path $ngx/tmp/proxy;
  fastcgi_temp_path $ngx/tmp/fastcgi;
  uwsgi_temp_path $ngx/tmp/uwsgi;
  scgi_temp_path $ngx/tmp/scgi;
  upstream shop {                 # round robin (nginx's default)
    server 127.0.0.1:$((port + 1));
    server 127.0.0.1:$((port + 2));
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://shop;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }
}
EOF
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
say "starting nginx on :$port"
setsid "$nginx_bin" -p "$ngx" -c "$ngx/nginx.conf" -e "$ngx/logs/error.log" >"$run/nginx.log" 2>&1 &
nginx_pid=$!
pids+=("$nginx_pid")
url="http://127.0.0.1:$port"
for i in $(seq 1 100); do
  curl -s -o /dev/null "$url/api/status" && break
  (( i == 100 )) && { cat "$run/nginx.log" "$ngx/logs/error.log" >&2 2>/dev/null; die "nginx did not start"; }
  sleep 0.1
done

cat <<EOF

  The shop is at      $url/
  Cluster status      $url/status        Prometheus metrics  $url/metrics
  JSON API            $url/api/products  (see docs/webapp.md)
  Each page's footer says which instance answered and which database server served its reads.
  Logs and configs    $run

EOF

# ---- 6. --check: a smoke test through nginx ----------------------------------------------------
if [[ $check == 1 ]]; then
  jar="$run/check-cookies.txt"
  rm -f "$jar"
  fails=0
  ok() { printf '  ok    %s\n' "$*"; }
  bad() { printf '  FAIL  %s\n' "$*"; fails=$((fails + 1)); }
  hdr() { grep -i "^$1:" "$2" | tail -n 1 | cut -d' ' -f2- | tr -d '\r'; }
  say "smoke check through nginx"
  seen=""
  for _ in 1 2 3 4; do
    curl -s -D "$run/h.txt" -o "$run/b.html" "$url/products"
    seen+=" $(hdr X-Rwsplit-Instance "$run/h.txt")"
  done
  [[ $seen == *shop-a* && $seen == *shop-b* ]] && ok "round robin over both instances:$seen" ||
    bad "nginx did not use both instances:$seen"
  grep -q 'Espresso beans' "$run/b.html" && ok "product list renders" || bad "product list"
  email="demo-$$-$(date +%s)@example.com"
  code=$(curl -s -c "$jar" -b "$jar" -D "$run/h.txt" -o /dev/null -w '%{http_code}' \
    --data-urlencode "name=Demo Check" --data-urlencode "email=$email" "$url/signup")
  wrote=$(hdr X-Rwsplit-Instance "$run/h.txt")
  where=$(hdr Location "$run/h.txt")
  [[ $code == 303 && $where == /users/* ]] && ok "sign-up on $wrote: 303 to $where" || bad "sign-up answered $code"
  curl -s -c "$jar" -b "$jar" -D "$run/h.txt" -o "$run/b.html" "$url$where"
  read_by=$(hdr X-Rwsplit-Instance "$run/h.txt")
  if grep -q 'Welcome, Demo Check!' "$run/b.html" && [[ $read_by != "$wrote" ]]; then
    ok "profile read back on the other instance ($read_by): $(hdr X-Rwsplit-Read "$run/h.txt")"
  else
    bad "profile read back (instance $read_by after a write on $wrote)"
  fi
  uid=${where#/users/}; uid=${uid%%\?*}
  code=$(curl -s -c "$jar" -b "$jar" -D "$run/h.txt" -o /dev/null -w '%{http_code}' \
    --data "user_id=$uid&qty_1=2&qty_3=1" "$url/orders")
  where=$(hdr Location "$run/h.txt")
  [[ $code == 303 ]] && ok "order placed on $(hdr X-Rwsplit-Instance "$run/h.txt"): $where" || bad "order answered $code"
  curl -s -c "$jar" -b "$jar" -D "$run/h.txt" -o "$run/b.html" "$url$where"
  grep -q 'Thank you! Order #[0-9]* is placed.' "$run/b.html" &&
    ok "order visible at once on $(hdr X-Rwsplit-Instance "$run/h.txt")" || bad "order not visible"
  code=$(curl -s -o /dev/null -w '%{http_code}' --data "user_id=$uid&qty_1=-1" "$url/orders")
  [[ $code == 400 ]] && ok "a negative quantity is refused (400)" || bad "negative quantity answered $code"
  curl -s -o "$run/b.html" "$url/status" && grep -q '<b>replica2</b>' "$run/b.html" &&
    ok "/status lists the backends" || bad "/status"
  curl -s -o "$run/b.txt" "$url/metrics" && grep -q '^rwsplit_' "$run/b.txt" &&
    ok "/metrics is Prometheus text" || bad "/metrics"
  curl -s -o "$run/b.txt" "$url/api/status" && grep -q '"backends"' "$run/b.txt" &&
    ok "/api/status answers JSON" || bad "/api/status"
  if (( fails == 0 )); then say "smoke check passed"; exit 0; fi
  say "smoke check FAILED ($fails)"; exit 1
fi

say "running; press Ctrl-C to stop everything"
while true; do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || die "a process exited unexpectedly (pid $pid); logs in $run"
  done
  sleep 1
done
