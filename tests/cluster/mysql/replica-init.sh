# shellcheck shell=bash
# Sourced (not executed) by the mysql:8.4 image entrypoint on the replica's
# first start, against its temporary init server: point it at the primary
# with GTID auto-positioning.  The primary is healthy (depends_on) and its
# accounts exist before this runs.

for _ in $(seq 1 60); do
    if mysqladmin ping -h primary -u rws_repl -prws-repl-pass --silent 2>/dev/null; then
        break
    fi
    sleep 1
done

# RESET BINARY LOGS AND GTIDS: drop any GTID the replica generated itself so
# auto-positioning fetches the primary's whole history (accounts included).
# GET_SOURCE_PUBLIC_KEY=1: rws_repl uses caching_sha2_password and the
# replication connection is not TLS-verified.
docker_process_sql <<-'EOSQL'
	RESET BINARY LOGS AND GTIDS;
	CHANGE REPLICATION SOURCE TO
	  SOURCE_HOST='primary', SOURCE_PORT=3306,
	  SOURCE_USER='rws_repl', SOURCE_PASSWORD='rws-repl-pass',
	  SOURCE_AUTO_POSITION=1, SOURCE_CONNECT_RETRY=2,
	  GET_SOURCE_PUBLIC_KEY=1;
	START REPLICA;
EOSQL
