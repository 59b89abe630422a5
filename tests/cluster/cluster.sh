#!/usr/bin/env bash
# cluster.sh - a local MariaDB primary + two replicas for librwsplit tests.
#
# No Docker: runs the distribution's mariadbd three times on 127.0.0.1, each
# node with its own datadir, socket, pid file, tmpdir and error log under
# DIR/<node>/, replication with GTID (MASTER_USE_GTID=slave_pos).
# See tests/cluster/README.md.  Processes are only ever signalled by the PID
# recorded in DIR/<node>/ and verified against /proc/PID/cmdline.
set -euo pipefail

readonly NODES=(primary replica1 replica2)
readonly REPLICAS=(replica1 replica2)

# Fixed test accounts (also written to DIR/cluster.env).
readonly APP_USER=rwsplit APP_PASSWORD=rwsplit-pass APP_DATABASE=rwsplit_test
readonly APP_SCHEMA=rwsplit
readonly ADMIN_USER=rws_admin ADMIN_PASSWORD=rws-admin-pass
readonly REPL_USER=rws_repl REPL_PASSWORD=rws-repl-pass

readonly SOCKET_PATH_MAX=107      # sizeof(sun_path) - 1 on Linux
readonly START_TIMEOUT=${RWS_CLUSTER_START_TIMEOUT:-60}
readonly STOP_TIMEOUT=${RWS_CLUSTER_STOP_TIMEOUT:-20}

PROG=${0##*/}
DIR='' BASE_PORT='' PORT_GIVEN=0 ENV_FILE='' COMMAND='' ARGS=()
SCRIPT_PATH=$(realpath -- "${BASH_SOURCE[0]}")
readonly PROG SCRIPT_PATH

MARIADBD='' INSTALL_DB='' CLIENT=''
LAUNCHED=()          # nodes launched by this invocation (stopped if start fails)
START_FAILED_CLEANUP=0

# ---------------------------------------------------------------- messages --

die() {       # runtime failure
    printf '%s: error: %s\n' "$PROG" "$*" >&2
    exit 1
}

usage_die() { # bad invocation
    printf '%s: error: %s\n' "$PROG" "$*" >&2
    printf "Run '%s --help' for usage.\n" "$PROG" >&2
    exit 2
}

note() { printf '%s\n' "$*"; }
warn() { printf '%s: warning: %s\n' "$PROG" "$*" >&2; }

usage() {
    cat <<EOF
Usage: $PROG [--dir DIR] [--base-port PORT] COMMAND [ARGS]

Local MariaDB test cluster: primary (PORT), replica1 (PORT+1), replica2 (PORT+2)
on 127.0.0.1, all state under DIR.
  DIR   default: \$RWS_CLUSTER_DIR, else ./rws-cluster
  PORT  default: \$RWS_CLUSTER_BASE_PORT, else 13306

Commands:
  start                     start the cluster (idempotent), write DIR/cluster.env
  stop                      stop every node (SIGTERM, then SIGKILL after ${STOP_TIMEOUT}s)
  status                    one line per node; exit 0 iff all up and replicating
  env                       print the path of DIR/cluster.env
  wait-sync [SECONDS]       wait until both replicas caught up (default 30 s)
  sql NODE ["SQL"]          run SQL as the admin user via NODE's socket (stdin if no SQL)
  stop-sql-thread NODE      STOP SLAVE SQL_THREAD on a replica
  start-sql-thread NODE     START SLAVE SQL_THREAD on a replica
  stop-replication NODE     STOP SLAVE on a replica
  start-replication NODE    START SLAVE on a replica
  kill NODE                 SIGKILL the node
  stop-node NODE            clean shutdown of one node (SIGTERM)
  restart NODE              start a killed/stopped node again (same datadir)
  pause NODE                SIGSTOP the node
  resume NODE               SIGCONT the node

NODE is one of: primary replica1 replica2
EOF
}

# -------------------------------------------------------------- arguments --

# Sets DIR, BASE_PORT, ENV_FILE, COMMAND and ARGS from the command line.
parse_args() {
    DIR=${RWS_CLUSTER_DIR:-$PWD/rws-cluster}
    BASE_PORT=${RWS_CLUSTER_BASE_PORT:-13306}
    PORT_GIVEN=0

    while (($#)); do
        case $1 in
            --dir)
                (($# >= 2)) || usage_die "--dir needs a directory argument"
                DIR=$2; shift 2 ;;
            --dir=*) DIR=${1#--dir=}; shift ;;
            --base-port)
                (($# >= 2)) || usage_die "--base-port needs a port number"
                BASE_PORT=$2; PORT_GIVEN=1; shift 2 ;;
            --base-port=*) BASE_PORT=${1#--base-port=}; PORT_GIVEN=1; shift ;;
            -h|--help|help) usage; exit 0 ;;
            --) shift; break ;;
            -*) usage_die "unknown option '$1'" ;;
            *) break ;;
        esac
    done

    (($#)) || usage_die "no command given (try: start, status, stop)"
    COMMAND=$1; shift

    case $COMMAND in
        start|stop|status|env|wait-sync|sql|stop-sql-thread|start-sql-thread|\
        stop-replication|start-replication|kill|stop-node|restart|pause|resume) ;;
        *) usage_die "unknown command '$COMMAND' (valid: start stop status env wait-sync sql stop-sql-thread start-sql-thread stop-replication start-replication kill stop-node restart pause resume)" ;;
    esac

    [[ -n $DIR ]] || usage_die "--dir must not be empty"
    DIR=$(realpath -m -- "$DIR")
    # Paths go unquoted into my.cnf and into the KEY=value env file (lists are
    # comma separated), so keep them to a safe character set.
    if [[ $DIR == *[!A-Za-z0-9._/+@:~-]* ]]; then
        usage_die "directory '$DIR' contains characters this script does not support (spaces, commas, quotes...); use a plain path such as /tmp/rws-cluster"
    fi

    local recorded
    if [[ -f $DIR/base_port ]]; then
        recorded=$(<"$DIR/base_port")
        if [[ $COMMAND != start && $PORT_GIVEN == 1 && $recorded != "$BASE_PORT" ]]; then
            warn "cluster in $DIR was started with base port $recorded; using that"
        fi
        if [[ $COMMAND != start ]]; then BASE_PORT=$recorded; fi
    fi
    if ! [[ $BASE_PORT =~ ^[0-9]+$ ]] || ((BASE_PORT < 1024 || BASE_PORT > 65533)); then
        usage_die "base port '$BASE_PORT' is invalid: need a number from 1024 to 65533 (three consecutive ports are used)"
    fi
    ENV_FILE=$DIR/cluster.env
    ARGS=("$@")
}

# ------------------------------------------------------------ node layout --

is_node() { [[ $1 == primary || $1 == replica1 || $1 == replica2 ]]; }
is_replica() { [[ $1 == replica1 || $1 == replica2 ]]; }

node_index() {
    case $1 in primary) echo 0 ;; replica1) echo 1 ;; replica2) echo 2 ;; esac
}
node_port() { echo $((BASE_PORT + $(node_index "$1"))); }
node_dir() { printf '%s/%s' "$DIR" "$1"; }
node_cnf() { printf '%s/%s/my.cnf' "$DIR" "$1"; }
node_sock() { printf '%s/%s/mysqld.sock' "$DIR" "$1"; }
node_pidfile() { printf '%s/%s/mysqld.pid' "$DIR" "$1"; }
node_launchpid() { printf '%s/%s/launch.pid' "$DIR" "$1"; }
node_log() { printf '%s/%s/error.log' "$DIR" "$1"; }

check_socket_length() {
    local longest
    longest=$(node_sock replica1)
    if ((${#longest} > SOCKET_PATH_MAX)); then
        usage_die "socket path '$longest' would be ${#longest} bytes, over the unix socket limit of $SOCKET_PATH_MAX bytes; choose a shorter --dir (at most $((SOCKET_PATH_MAX - ${#longest} + ${#DIR})) bytes, e.g. /tmp/rwsc)"
    fi
}

# ------------------------------------------------------------- processes --

# Print the state letter of PID (R, S, T, Z...), nothing if it does not exist.
proc_state() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
    stat=${stat##*) }
    printf '%s' "${stat%% *}"
}

# True if PID is a live (non-zombie) mariadbd started with NODE's my.cnf.
pid_is_node() {
    local pid=$1 node=$2 state
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    state=$(proc_state "$pid")
    [[ -n $state && $state != Z && $state != X ]] || return 1
    tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null |
        grep -Fxq -- "--defaults-file=$(node_cnf "$node")"
}

# Print the PID of NODE's live mariadbd (from its pid file, else from the PID
# recorded at launch), nothing if it is down.
node_pid() {
    local node=$1 f pid
    for f in "$(node_pidfile "$node")" "$(node_launchpid "$node")"; do
        [[ -r $f ]] || continue
        pid=$(tr -dc '0-9' <"$f")
        if pid_is_node "$pid" "$node"; then
            printf '%s' "$pid"
            return 0
        fi
    done
}

# up-ness from the process table only: down | paused | running
node_proc_state() {
    local pid state
    pid=$(node_pid "$1")
    [[ -n $pid ]] || { echo down; return; }
    state=$(proc_state "$pid")
    if [[ $state == T || $state == t ]]; then echo paused; else echo running; fi
}

live_nodes() {
    local n
    for n in "${NODES[@]}"; do
        if [[ -n $(node_pid "$n") ]]; then printf '%s ' "$n"; fi
    done
}

wait_gone() { # PID NODE SECONDS -> 0 if gone
    local pid=$1 node=$2 deadline=$((SECONDS + $3))
    while pid_is_node "$pid" "$node"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}

# Clean shutdown of NODE: SIGCONT (in case it is paused), SIGTERM, bounded
# wait, then SIGKILL.
shutdown_node() {
    local node=$1 timeout=${2:-$STOP_TIMEOUT} pid
    pid=$(node_pid "$node")
    [[ -n $pid ]] || return 0
    kill -CONT "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" "$node" "$timeout"; then
        warn "$node (pid $pid) did not stop within ${timeout}s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        wait_gone "$pid" "$node" 10 || die "$node (pid $pid) survived SIGKILL"
    fi
    rm -f "$(node_launchpid "$node")"
}

# -------------------------------------------------------------- networking --

port_owner() { # best effort description of who listens on PORT
    command -v ss >/dev/null 2>&1 || return 0
    ss -Hltnp "sport = :$1" 2>/dev/null |
        sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p' | head -n1 || true
}

port_in_use() {
    local port=$1
    if command -v ss >/dev/null 2>&1; then
        if [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]]; then return 0; fi
    fi
    # Also try to connect (covers machines without ss).
    timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null
}

check_port_free() { # NODE
    local node=$1 port owner
    port=$(node_port "$node")
    if port_in_use "$port"; then
        owner=$(port_owner "$port")
        die "port $port (needed by $node) is already in use${owner:+ by $owner}; stop that process or pick other ports with --base-port (uses PORT..PORT+2)"
    fi
}

# ---------------------------------------------------------------- binaries --

find_bin() {
    local name=$1 d
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
    for d in /usr/sbin /usr/local/sbin /sbin /usr/bin /usr/local/bin; do
        if [[ -x $d/$name ]]; then printf '%s/%s' "$d" "$name"; return 0; fi
    done
    return 1
}

locate_binaries() {
    MARIADBD=$(find_bin mariadbd) || MARIADBD=''
    INSTALL_DB=$(find_bin mariadb-install-db) || INSTALL_DB=''
    CLIENT=$(find_bin mariadb) || CLIENT=''
    [[ -n $MARIADBD && -n $INSTALL_DB && -n $CLIENT ]]
}

readonly APT_CMD='DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server mariadb-client'

# Install the server and client with apt when missing (root only).
ensure_server_binaries() {
    locate_binaries && return 0
    if ((EUID != 0)); then
        die "MariaDB server/client binaries not found (mariadbd, mariadb-install-db, mariadb); install them with: sudo $APT_CMD"
    fi
    command -v apt-get >/dev/null 2>&1 ||
        die "MariaDB binaries not found and apt-get is not available; install MariaDB server and client 10.11 by other means"
    note "MariaDB binaries not found; installing with: $APT_CMD"
    # The package may fail to start its own service (no systemd, port 3306
    # taken...): that is fine, only the binaries are used.
    DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server mariadb-client >&2 ||
        warn "apt-get install reported an error; checking whether the binaries are there anyway"
    if ! locate_binaries; then
        note "retrying after apt-get update"
        apt-get update >&2 || warn "apt-get update failed"
        DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server mariadb-client >&2 || true
    fi
    locate_binaries ||
        die "could not install MariaDB with apt; run as root: apt-get update && $APT_CMD"
}

ensure_client() {
    CLIENT=$(find_bin mariadb) ||
        die "the mariadb client is not installed; install it with: sudo DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-client"
}

# --------------------------------------------------------------------- TLS --

# Certificates for the TLS tests, made afresh on every fresh start under
# DIR/tls: a CA, one server certificate shared by the three nodes
# (subjectAltName IP:127.0.0.1 and DNS:localhost), a client certificate, and
# an unrelated "wrong" CA that signed nothing here. EC P-256 keys: the whole
# set takes about 0.1 s.
tls_dir() { printf '%s/tls' "$DIR"; }
tls_ready() { [[ -s $(tls_dir)/ca.pem && -s $(tls_dir)/server-cert.pem && -s $(tls_dir)/server-key.pem ]]; }

# openssl is needed for the certificates only: without it (and not root to
# install it) the cluster starts without TLS and the TLS tests skip.
ensure_openssl() {
    command -v openssl >/dev/null 2>&1 && return 0
    if ((EUID == 0)) && command -v apt-get >/dev/null 2>&1; then
        note "openssl not found; installing with: DEBIAN_FRONTEND=noninteractive apt-get install -y openssl"
        DEBIAN_FRONTEND=noninteractive apt-get install -y openssl >&2 ||
            { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y openssl >&2; } ||
            warn "apt-get could not install openssl"
        command -v openssl >/dev/null 2>&1 && return 0
    fi
    warn "openssl is not installed (install it with: sudo apt-get install -y openssl); starting the cluster without TLS, so the TLS tests will skip"
    return 1
}

# new_key_req SUBJECT KEYFILE: a new P-256 key in KEYFILE and its certificate
# request on stdout.
new_key_req() {
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -subj "$1" -keyout "$2" 2>>"$(tls_dir)/openssl.log"
}

# new_ca NAME SUBJECT: self-signed CA certificate NAME.pem, key NAME-key.pem.
new_ca() {
    local t
    t=$(tls_dir)
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -days 3650 -subj "$2" -keyout "$t/$1-key.pem" -out "$t/$1.pem" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
        2>>"$t/openssl.log"
}

# sign NAME SERIAL EXTENSIONS: sign the request on stdin with the test CA into
# NAME-cert.pem, with the given X.509v3 extensions (one per line).
sign() {
    local t
    t=$(tls_dir)
    openssl x509 -req -CA "$t/ca.pem" -CAkey "$t/ca-key.pem" -set_serial "$2" -days 3650 \
        -out "$t/$1-cert.pem" -extfile <(printf '%s\n' "$3") 2>>"$t/openssl.log"
}

generate_pki() {
    local t
    t=$(tls_dir)
    rm -rf "$t"
    mkdir -p "$t"
    chmod 700 "$t"
    if ! {
        new_ca ca "/CN=rwsplit test CA" &&
            new_key_req "/CN=rwsplit test server" "$t/server-key.pem" |
            sign server 2 $'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost' &&
            new_key_req "/CN=rwsplit-client" "$t/client-key.pem" |
            sign client 3 $'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth' &&
            new_ca wrong-ca "/CN=rwsplit unrelated CA" && tls_ready
    }; then
        tail -n 5 "$t/openssl.log" >&2 2>/dev/null || true
        warn "generating the test certificates under $t failed (openssl output above); starting without TLS, so the TLS tests will skip"
        rm -rf "$t"
        return 1
    fi
}

# ------------------------------------------------------------------ client --

# Run SQL on NODE as root over its socket; batch output without headers
# (extra client options may follow). Bounded so that a paused node cannot
# hang the script.
root_sql() {
    local node=$1 sql=$2
    shift 2
    (($#)) || set -- --skip-column-names
    timeout 15 "$CLIENT" --no-defaults --socket="$(node_sock "$node")" -uroot \
        --connect-timeout=5 --batch "$@" -e "$sql"
}

# Run SQL on NODE as the admin user; extra client options may follow.
admin_sql() {
    local node=$1 sql=$2
    shift 2
    MYSQL_PWD=$ADMIN_PASSWORD "$CLIENT" --no-defaults --socket="$(node_sock "$node")" \
        -u"$ADMIN_USER" --connect-timeout=5 --default-character-set=utf8mb4 \
        "$@" -e "$sql"
}

node_answers() {
    [[ $(node_proc_state "$1") == running ]] || return 1
    [[ $(root_sql "$1" 'SELECT 1' 2>/dev/null) == 1 ]]
}

# Wait until NODE answers on its socket. Fails early if the process dies.
wait_answer() {
    local node=$1 timeout=${2:-$START_TIMEOUT} deadline
    deadline=$((SECONDS + timeout))
    while :; do
        if [[ -z $(node_pid "$node") ]]; then
            printf '%s: error: %s exited during startup; last lines of %s:\n' \
                "$PROG" "$node" "$(node_log "$node")" >&2
            tail -n 15 "$(node_log "$node")" >&2 2>/dev/null || true
            return 1
        fi
        node_answers "$node" && return 0
        if ((SECONDS >= deadline)); then
            printf '%s: error: %s did not answer on %s within %ss; see %s\n' \
                "$PROG" "$node" "$(node_sock "$node")" "$timeout" "$(node_log "$node")" >&2
            return 1
        fi
        sleep 0.1
    done
}

# ------------------------------------------------------------- replication --

# Print "IO SQL Seconds_Behind_Master Last_IO_Error|Last_SQL_Error" fields of
# SHOW SLAVE STATUS, tab separated.
slave_status() {
    root_sql "$1" 'SHOW SLAVE STATUS\G' --column-names | awk '
        function val(line) { sub(/^[^:]*: ?/, "", line); return line }
        /^ *Slave_IO_Running:/      { io = val($0) }
        /^ *Slave_SQL_Running:/     { sqlr = val($0) }
        /^ *Seconds_Behind_Master:/ { sbm = val($0) }
        /^ *Last_IO_Error:/         { ioe = val($0) }
        /^ *Last_SQL_Error:/        { sqle = val($0) }
        END {
            if (io == "") { io = "none"; sqlr = "none"; sbm = "NULL" }
            err = sqle != "" ? sqle : ioe
            printf "%s\t%s\t%s\t%s\n", io, sqlr, sbm, err
        }'
}

# gtid_behind REPLICA_POS PRIMARY_POS: print how many transactions the replica
# position is behind the primary position (summed over GTID domains).
gtid_behind() {
    local -A have=()
    local g d s behind=0 items=()
    IFS=, read -ra items <<<"${1//[[:space:]]/}"
    for g in "${items[@]}"; do
        [[ -n $g ]] || continue
        have[${g%%-*}]=${g##*-}
    done
    IFS=, read -ra items <<<"${2//[[:space:]]/}"
    for g in "${items[@]}"; do
        [[ -n $g ]] || continue
        d=${g%%-*} s=${g##*-}
        if ((s > ${have[$d]:-0})); then behind=$((behind + s - ${have[$d]:-0})); fi
    done
    echo "$behind"
}

# wait_sync SECONDS: both replicas answer, run both threads and have applied
# everything in the primary's binlog.
wait_sync() {
    local timeout=$1 deadline ppos rpos st io sqlr r reason ok b
    deadline=$((SECONDS + timeout))
    while :; do
        ok=1 reason=''
        if ppos=$(root_sql primary 'SELECT @@gtid_binlog_pos' 2>/dev/null); then
            for r in "${REPLICAS[@]}"; do
                if ! rpos=$(root_sql "$r" 'SELECT @@gtid_slave_pos' 2>/dev/null) ||
                    ! st=$(slave_status "$r" 2>/dev/null); then
                    ok=0 reason+="$r: not answering ($(node_proc_state "$r")); "
                    continue
                fi
                IFS=$'\t' read -r io sqlr _ _ <<<"$st"
                if [[ $io != Yes || $sqlr != Yes ]]; then
                    ok=0 reason+="$r: Slave_IO_Running=$io Slave_SQL_Running=$sqlr; "
                fi
                b=$(gtid_behind "$rpos" "$ppos")
                if ((b > 0)); then
                    ok=0 reason+="$r: $b transaction(s) behind (gtid_slave_pos=$rpos, primary gtid_binlog_pos=$ppos); "
                fi
            done
        else
            ok=0 reason="primary: not answering ($(node_proc_state primary)); "
        fi
        ((ok)) && return 0
        if ((SECONDS >= deadline)); then
            printf '%s: error: replicas not in sync after %ss: %s\n' "$PROG" "$timeout" "${reason%; }" >&2
            return 1
        fi
        sleep 0.2
    done
}

# ----------------------------------------------------------------- config --

write_node_cnf() {
    local node=$1 idx ndir
    idx=$(node_index "$node")
    ndir=$(node_dir "$node")
    {
        echo "# Generated by $SCRIPT_PATH for node $node; rewritten on every fresh start."
        echo "[mysqld]"
        if ((EUID == 0)); then echo "user=root"; fi
        echo "port=$(node_port "$node")"
        echo "bind-address=127.0.0.1"
        echo "skip-name-resolve"
        echo "socket=$(node_sock "$node")"
        echo "pid-file=$(node_pidfile "$node")"
        echo "datadir=$ndir/data"
        echo "tmpdir=$ndir/tmp"
        echo "log-error=$(node_log "$node")"
        echo "server_id=$((idx + 1))"
        echo "gtid_domain_id=0"
        echo "log_bin=mysql-bin"
        echo "log_bin_index=mysql-bin.index"
        echo "relay_log=relay-bin"
        echo "relay_log_index=relay-bin.index"
        echo "binlog_format=ROW"
        echo "log_slave_updates=ON"
        echo "gtid_strict_mode=ON"
        echo "report_host=127.0.0.1"
        echo "report_port=$(node_port "$node")"
        echo "slave_net_timeout=10"
        if is_replica "$node"; then echo "read_only=1"; fi
        echo "character_set_server=utf8mb4"
        echo "collation_server=utf8mb4_general_ci"
        echo "performance_schema=OFF"
        echo "innodb_buffer_pool_size=64M"
        echo "innodb_log_file_size=16M"
        echo "innodb_log_buffer_size=4M"
        echo "innodb_flush_log_at_trx_commit=2"
        echo "key_buffer_size=4M"
        echo "aria_pagecache_buffer_size=8M"
        echo "query_cache_size=0"
        echo "table_open_cache=400"
        echo "max_connections=200"
        if tls_ready; then
            # TLS offered, not required: plain clients keep working.
            echo "ssl-ca=$(tls_dir)/ca.pem"
            echo "ssl-cert=$(tls_dir)/server-cert.pem"
            echo "ssl-key=$(tls_dir)/server-key.pem"
        fi
    } >"$(node_cnf "$node")"
}

write_env_file() {
    local tmp=$ENV_FILE.tmp.$$
    {
        echo "RWS_TEST_PRIMARY=127.0.0.1:$(node_port primary)"
        echo "RWS_TEST_REPLICAS=127.0.0.1:$(node_port replica1),127.0.0.1:$(node_port replica2)"
        echo "RWS_TEST_USER=$APP_USER"
        echo "RWS_TEST_PASSWORD=$APP_PASSWORD"
        echo "RWS_TEST_DATABASE=$APP_DATABASE"
        echo "RWS_TEST_ADMIN_USER=$ADMIN_USER"
        echo "RWS_TEST_ADMIN_PASSWORD=$ADMIN_PASSWORD"
        echo "RWS_TEST_PRIMARY_SOCKET=$(node_sock primary)"
        echo "RWS_TEST_REPLICA_SOCKETS=$(node_sock replica1),$(node_sock replica2)"
        echo "RWS_TEST_CLUSTER_SCRIPT=$SCRIPT_PATH"
        echo "RWS_TEST_CLUSTER_DIR=$DIR"
        echo "RWS_TEST_CLUSTER_BASE_PORT=$BASE_PORT"
        if tls_ready && grep -qx "ssl-ca=$(tls_dir)/ca.pem" "$(node_cnf primary)" 2>/dev/null; then
            echo "RWS_TEST_TLS_CA=$(tls_dir)/ca.pem"
            echo "RWS_TEST_TLS_CERT=$(tls_dir)/client-cert.pem"
            echo "RWS_TEST_TLS_KEY=$(tls_dir)/client-key.pem"
            echo "RWS_TEST_TLS_WRONG_CA=$(tls_dir)/wrong-ca.pem"
        fi
    } >"$tmp"
    mv -f "$tmp" "$ENV_FILE"
}

# ---------------------------------------------------------------- locking --

# Serialize start/stop/restart on one DIR. fd 9 is closed for mariadbd so a
# server never holds the lock.
take_lock() {
    mkdir -p "$DIR"
    command -v flock >/dev/null 2>&1 || return 0
    exec 9>>"$DIR/.lock"
    flock -w 120 9 || die "another $PROG is working on $DIR (lock $DIR/.lock held for 120 s)"
}

# ---------------------------------------------------------------- launch --

launch_node() {
    local node=$1
    rm -f "$(node_pidfile "$node")" "$(node_sock "$node")"
    mkdir -p "$(node_dir "$node")/tmp"
    # setsid: detach from the caller's session/terminal. Not a process group
    # leader here, so setsid execs in place and $! is mariadbd's PID.
    setsid "$MARIADBD" --defaults-file="$(node_cnf "$node")" \
        </dev/null >>"$(node_dir "$node")/console.log" 2>&1 9>&- &
    echo "$!" >"$(node_launchpid "$node")"
    LAUNCHED+=("$node")
}

on_exit() {
    local rc=$? n
    if ((rc != 0 && START_FAILED_CLEANUP && ${#LAUNCHED[@]} > 0)); then
        set +e
        printf '%s: start failed; stopping the nodes it launched (logs kept under %s)\n' "$PROG" "$DIR" >&2
        for n in "${LAUNCHED[@]}"; do shutdown_node "$n" 10; done
        rm -f "$ENV_FILE"
    fi
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

primary_setup_sql() {
    local host
    host=$(root_sql primary 'SELECT @@hostname')
    cat <<EOF
DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1', 'root'@'$host';
CREATE DATABASE IF NOT EXISTS \`$APP_DATABASE\`;
CREATE DATABASE IF NOT EXISTS \`$APP_SCHEMA\`;
CREATE USER '$REPL_USER'@'%' IDENTIFIED BY '$REPL_PASSWORD';
GRANT REPLICATION SLAVE ON *.* TO '$REPL_USER'@'%';
CREATE USER '$APP_USER'@'%' IDENTIFIED BY '$APP_PASSWORD';
GRANT ALL PRIVILEGES ON \`$APP_DATABASE\`.* TO '$APP_USER'@'%';
GRANT ALL PRIVILEGES ON \`$APP_SCHEMA\`.* TO '$APP_USER'@'%';
GRANT SLAVE MONITOR, BINLOG MONITOR, PROCESS ON *.* TO '$APP_USER'@'%';
CREATE USER '$ADMIN_USER'@'%' IDENTIFIED BY '$ADMIN_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$ADMIN_USER'@'%' WITH GRANT OPTION;
EOF
}

replica_setup_sql() {
    cat <<EOF
CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$(node_port primary),
  MASTER_USER='$REPL_USER', MASTER_PASSWORD='$REPL_PASSWORD',
  MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1;
START SLAVE;
EOF
}

fresh_start() {
    local n ns0 ms
    ns0=$(date +%s%N)
    for n in "${NODES[@]}"; do check_port_free "$n"; done

    # Stale files of a previous run (nothing of it is alive): start anew.
    rm -rf "${DIR:?}/primary" "${DIR:?}/replica1" "${DIR:?}/replica2" "${DIR:?}/tls" \
        "$ENV_FILE" "$DIR/install.cnf" "$DIR/install.log"
    for n in "${NODES[@]}"; do mkdir -p "$(node_dir "$n")/tmp"; done
    echo "$BASE_PORT" >"$DIR/base_port"

    # The certificates are made while mariadb-install-db runs.
    local pki_pid=''
    if ensure_openssl; then generate_pki & pki_pid=$!; fi

    # One mariadb-install-db, copied to the replicas: identical system tables
    # everywhere, and the accounts created on the primary replicate.
    {
        echo "[mysqld]"
        if ((EUID == 0)); then echo "user=root"; fi
        echo "datadir=$DIR/primary/data"
        echo "tmpdir=$DIR/primary/tmp"
        echo "innodb_log_file_size=16M"
        echo "innodb_buffer_pool_size=64M"
    } >"$DIR/install.cnf"
    local install_args=(--defaults-file="$DIR/install.cnf" --auth-root-authentication-method=normal
        --skip-test-db --skip-name-resolve)
    if ((EUID == 0)); then install_args+=(--user=root); fi
    if ! "$INSTALL_DB" "${install_args[@]}" >"$DIR/install.log" 2>&1 9>&-; then
        tail -n 20 "$DIR/install.log" >&2
        die "mariadb-install-db failed; full log: $DIR/install.log"
    fi
    rm -f "$DIR/install.cnf"
    for n in "${REPLICAS[@]}"; do
        cp -a --sparse=always "$DIR/primary/data" "$(node_dir "$n")/data"
    done
    if [[ -n $pki_pid ]]; then wait "$pki_pid" || true; fi
    for n in "${NODES[@]}"; do write_node_cnf "$n"; done

    START_FAILED_CLEANUP=1
    for n in "${NODES[@]}"; do launch_node "$n"; done
    for n in "${NODES[@]}"; do wait_answer "$n" || exit 1; done

    local setup
    setup=$(primary_setup_sql) || die "primary does not answer queries"
    root_sql primary "$setup" || die "creating accounts on the primary failed"
    for n in "${REPLICAS[@]}"; do
        root_sql "$n" "$(replica_setup_sql)" || die "configuring replication on $n failed"
    done
    wait_sync "$START_TIMEOUT" || exit 1
    write_env_file
    START_FAILED_CLEANUP=0
    ms=$((($(date +%s%N) - ns0) / 1000000))
    note "cluster started in $((ms / 1000)).$(printf '%03d' $((ms % 1000)))s under $DIR"
}

# ---------------------------------------------------------------- commands --

cmd_start() {
    check_socket_length
    ensure_server_binaries
    take_lock
    local live n down=()
    live=$(live_nodes)
    if [[ -n $live ]]; then
        # Something of this DIR runs: its recorded ports win over --base-port.
        local recorded
        recorded=$(cat "$DIR/base_port" 2>/dev/null) || recorded=$BASE_PORT
        if [[ $recorded != "$BASE_PORT" ]]; then
            warn "cluster in $DIR runs on base port $recorded, not $BASE_PORT"
            BASE_PORT=$recorded
        fi
        for n in "${NODES[@]}"; do
            [[ " $live" == *" $n "* ]] || down+=("$n")
        done
        if ((${#down[@]} == 0)); then
            [[ -f $ENV_FILE ]] || write_env_file
            note "cluster in $DIR is already running (primary pid $(node_pid primary), replica1 pid $(node_pid replica1), replica2 pid $(node_pid replica2), base port $BASE_PORT)"
            note "env file: $ENV_FILE"
            return 0
        fi
        # Partly running (e.g. a node was killed): bring the others back with
        # their data, as 'restart' would.
        note "cluster in $DIR is partly running; restarting: ${down[*]}"
        for n in "${down[@]}"; do
            [[ -f $(node_cnf "$n") && -d $(node_dir "$n")/data ]] ||
                die "$n has no datadir in $DIR; run '$PROG --dir $DIR stop' then start again"
            check_port_free "$n"
        done
        START_FAILED_CLEANUP=1
        for n in "${down[@]}"; do launch_node "$n"; done
        for n in "${down[@]}"; do wait_answer "$n" || exit 1; done
        START_FAILED_CLEANUP=0
        wait_sync "$START_TIMEOUT" || exit 1
        write_env_file
        note "cluster running under $DIR; env file: $ENV_FILE"
        return 0
    fi
    fresh_start
    note "primary  127.0.0.1:$(node_port primary)  pid $(node_pid primary)"
    note "replica1 127.0.0.1:$(node_port replica1)  pid $(node_pid replica1)"
    note "replica2 127.0.0.1:$(node_port replica2)  pid $(node_pid replica2)"
    note "env file: $ENV_FILE"
}

cmd_stop() {
    local n pid pids=() nodes=() deadline
    [[ -d $DIR ]] && take_lock
    for n in "${NODES[@]}"; do
        pid=$(node_pid "$n")
        if [[ -n $pid ]]; then pids+=("$pid"); nodes+=("$n"); fi
    done
    if ((${#pids[@]} == 0)); then
        rm -f "$ENV_FILE"
        note "cluster in $DIR is not running; nothing to stop"
        return 0
    fi
    # All nodes at once: resume paused ones, then SIGTERM.
    for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    deadline=$((SECONDS + STOP_TIMEOUT))
    local i alive
    while :; do
        alive=0
        for i in "${!pids[@]}"; do
            if pid_is_node "${pids[$i]}" "${nodes[$i]}"; then alive=1; fi
        done
        ((alive && SECONDS < deadline)) || break
        sleep 0.1
    done
    for i in "${!pids[@]}"; do
        if pid_is_node "${pids[$i]}" "${nodes[$i]}"; then
            warn "${nodes[$i]} (pid ${pids[$i]}) did not stop within ${STOP_TIMEOUT}s; sending SIGKILL"
            kill -KILL "${pids[$i]}" 2>/dev/null || true
            wait_gone "${pids[$i]}" "${nodes[$i]}" 10 || die "${nodes[$i]} (pid ${pids[$i]}) survived SIGKILL"
        fi
        rm -f "$(node_launchpid "${nodes[$i]}")"
    done
    rm -f "$ENV_FILE"
    note "stopped: ${nodes[*]} (pids ${pids[*]}); data and logs kept under $DIR until the next start"
}

cmd_status() {
    ensure_client
    local n pid st ppos='' rpos sstat io sqlr sbm err line all_ok=1
    if [[ $(node_proc_state primary) == running ]]; then
        ppos=$(root_sql primary 'SELECT @@gtid_binlog_pos' 2>/dev/null) || ppos=''
    fi
    for n in "${NODES[@]}"; do
        pid=$(node_pid "$n")
        st=$(node_proc_state "$n")
        if [[ $st == running ]]; then
            if node_answers "$n"; then st=up; else st=unresponsive; fi
        fi
        line=$(printf '%-9s port=%-5s pid=%-8s %-12s' "$n" "$(node_port "$n")" "${pid:--}" "$st")
        [[ $st == up ]] || all_ok=0
        if [[ $n == primary ]]; then
            [[ $st == up ]] && line+=" gtid_binlog_pos=${ppos:-}"
        elif [[ $st == up ]]; then
            rpos=$(root_sql "$n" 'SELECT @@gtid_slave_pos' 2>/dev/null) || rpos='?'
            sstat=$(slave_status "$n" 2>/dev/null) || sstat=$'?\t?\t?\t'
            IFS=$'\t' read -r io sqlr sbm err <<<"$sstat"
            line+=" io=$io sql=$sqlr gtid_slave_pos=$rpos"
            if [[ -n $ppos ]]; then line+=" behind_trx=$(gtid_behind "$rpos" "$ppos")"; fi
            line+=" seconds_behind=$sbm"
            [[ -z $err ]] || line+=" last_error=\"$err\""
            [[ $io == Yes && $sqlr == Yes ]] || all_ok=0
        else
            all_ok=0
        fi
        printf '%s\n' "$line"
    done
    ((all_ok))
}

cmd_env() {
    [[ -f $ENV_FILE ]] || die "no env file: the cluster in $DIR is not running; run '$PROG --dir $DIR start'"
    printf '%s\n' "$ENV_FILE"
}

require_cluster() {
    if [[ ! -f $ENV_FILE && -z $(live_nodes) ]]; then
        die "the cluster in $DIR is not running; start it with: $PROG --dir $DIR start"
    fi
}

need_node_arg() { # COMMAND NODE [replica-only]
    local cmd=$1 node=${2:-} replica_only=${3:-0}
    [[ -n $node ]] || usage_die "'$cmd' needs a NODE argument (primary, replica1 or replica2)"
    is_node "$node" || usage_die "unknown node '$node' for '$cmd' (valid: primary, replica1, replica2)"
    if ((replica_only)) && ! is_replica "$node"; then
        usage_die "'$cmd' applies to a replica (replica1 or replica2), not '$node'"
    fi
}

require_node_running() { # NODE CMD
    local st
    st=$(node_proc_state "$1")
    case $st in
        running) return 0 ;;
        paused) die "$1 is paused; '$2' needs it running: run '$PROG --dir $DIR resume $1' first" ;;
        *) die "$1 is down; '$2' needs it running: run '$PROG --dir $DIR restart $1' first" ;;
    esac
}

cmd_replication() { # COMMAND NODE
    local cmd=$1 node=$2 sql
    case $cmd in
        stop-sql-thread) sql='STOP SLAVE SQL_THREAD' ;;
        start-sql-thread) sql='START SLAVE SQL_THREAD' ;;
        stop-replication) sql='STOP SLAVE' ;;
        start-replication) sql='START SLAVE' ;;
    esac
    require_node_running "$node" "$cmd"
    root_sql "$node" "$sql" || die "$sql on $node failed"
    note "$node: $sql done"
}

cmd_kill() {
    local node=$1 pid
    pid=$(node_pid "$node")
    [[ -n $pid ]] || die "$node is not running; nothing to kill"
    kill -KILL "$pid"
    wait_gone "$pid" "$node" 10 || die "$node (pid $pid) still exists after SIGKILL"
    rm -f "$(node_launchpid "$node")"
    note "$node (pid $pid) killed with SIGKILL"
}

cmd_stop_node() {
    local node=$1 pid
    take_lock
    pid=$(node_pid "$node")
    if [[ -z $pid ]]; then
        note "$node is already down"
        return 0
    fi
    shutdown_node "$node"
    note "$node (pid $pid) stopped"
}

cmd_restart() {
    local node=$1 pid
    take_lock
    pid=$(node_pid "$node")
    if [[ -n $pid ]]; then
        note "$node is already running (pid $pid, $(node_proc_state "$node"))"
        return 0
    fi
    [[ -f $(node_cnf "$node") && -d $(node_dir "$node")/data ]] ||
        die "$node has no datadir/config under $DIR; run '$PROG --dir $DIR start'"
    locate_binaries || ensure_server_binaries
    check_port_free "$node"
    launch_node "$node"
    if ! wait_answer "$node"; then
        shutdown_node "$node" 10
        die "restart of $node failed"
    fi
    note "$node restarted (pid $(node_pid "$node")) on 127.0.0.1:$(node_port "$node")"
    if is_replica "$node"; then note "$node resumes replication by itself; '$PROG --dir $DIR wait-sync' waits for it"; fi
}

cmd_signal() { # pause|resume NODE
    local cmd=$1 node=$2 pid st
    pid=$(node_pid "$node")
    [[ -n $pid ]] || die "$node is down; cannot $cmd it"
    st=$(node_proc_state "$node")
    if [[ $cmd == pause ]]; then
        if [[ $st == paused ]]; then note "$node (pid $pid) is already paused"; return 0; fi
        kill -STOP "$pid"
        note "$node (pid $pid) paused (SIGSTOP)"
    else
        if [[ $st != paused ]]; then note "$node (pid $pid) is not paused"; return 0; fi
        kill -CONT "$pid"
        note "$node (pid $pid) resumed (SIGCONT)"
    fi
}

cmd_sql() {
    local node=$1 sql=${2-}
    require_node_running "$node" sql
    if (($# < 2)) || [[ $sql == - ]]; then sql=$(cat); fi
    admin_sql "$node" "$sql" --batch
}

# ------------------------------------------------------------------- main --

# Everything runs from main so that bash has parsed the whole file before
# doing anything (editing the script during a long run is then harmless).
main() {
    parse_args "$@"
    set -- "${ARGS[@]}"
    case $COMMAND in
        start)
            (($# == 0)) || usage_die "'start' takes no arguments"
            cmd_start ;;
        stop)
            (($# == 0)) || usage_die "'stop' takes no arguments"
            cmd_stop ;;
        status)
            (($# == 0)) || usage_die "'status' takes no arguments"
            cmd_status ;;
        env)
            cmd_env ;;
        wait-sync)
            local timeout_s=${1:-30}
            [[ $timeout_s =~ ^[0-9]+$ ]] || usage_die "wait-sync SECONDS must be a whole number, not '$timeout_s'"
            require_cluster
            ensure_client
            wait_sync "$timeout_s"
            note "replicas in sync with the primary" ;;
        sql)
            need_node_arg sql "${1:-}"
            (($# <= 2)) || usage_die "sql takes NODE and one SQL string (quote it)"
            require_cluster
            ensure_client
            cmd_sql "$@" ;;
        stop-sql-thread|start-sql-thread|stop-replication|start-replication)
            need_node_arg "$COMMAND" "${1:-}" 1
            (($# == 1)) || usage_die "'$COMMAND' takes exactly one NODE"
            require_cluster
            ensure_client
            cmd_replication "$COMMAND" "$1" ;;
        kill|stop-node|restart|pause|resume)
            need_node_arg "$COMMAND" "${1:-}"
            (($# == 1)) || usage_die "'$COMMAND' takes exactly one NODE"
            require_cluster
            case $COMMAND in
                kill) cmd_kill "$1" ;;
                stop-node) cmd_stop_node "$1" ;;
                restart) ensure_client; cmd_restart "$1" ;;
                pause|resume) cmd_signal "$COMMAND" "$1" ;;
            esac ;;
    esac
}

main "$@"
