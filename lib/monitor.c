/* The monitor thread: every monitor_interval_ms it checks each backend with its own connection
 * and publishes state, replication status, lag and GTID position in the backend's atomics.
 *
 * Lag. The primary's position is read *before* the heartbeat is written, so a replica that has
 * applied it is caught up to within this check (lag 0: "lag 0 when the GTID gap is 0"). Otherwise:
 * - heartbeat: the primary's clock now, minus the newest heartbeat timestamp the replica applied
 *   (both read from the primary's clock, so clock skew between hosts does not matter);
 * - gtid: the time since the oldest primary position the replica has not yet applied was seen;
 * - replica_status: Seconds_Behind_Master (whole seconds; NULL = unusable).
 * The first check of every backend runs synchronously in rws__monitor_start(), so routing never
 * starts blind. */
#include "monitor.h"

#include "cluster.h"
#include "gtid.h"
#include "log.h"

#include <errmsg.h>
#include <mysqld_error.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { FLAVOR_UNKNOWN = 0, FLAVOR_MARIADB = 1, FLAVOR_MYSQL = 2 };

typedef struct mon_backend {
    MYSQL *m;
    int slave_status_denied; /* SHOW SLAVE STATUS not permitted: replication state unknown */
    rws_gtid_pos pending;    /* gtid lag: the oldest primary position not yet applied */
    int64_t pending_since_us;
    int logged; /* state last logged, -1 none */
    int64_t logged_lag_us;
    char err[RWS_ERRMSG_SIZE];
    unsigned errnum;
    int retrying; /* inside the immediate second check after a lost connection */
} mon_backend;

struct rws_monitor {
    rws_cluster *c;
    mon_backend *mb;
    char *password; /* the monitor's (may equal the application's) */
    const char *user;
    pthread_t thread;
    int thread_started;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int stop, poked;
    _Atomic int flavor;
    int heartbeat_ok;          /* lag_method heartbeat with a usable table name */
    int heartbeat_working;     /* the last heartbeat write succeeded */
    int heartbeat_ready;       /* the table exists */
    char heartbeat_table[200]; /* quoted, possibly schema-qualified */
    /* what the primary said in this check */
    int have_primary;         /* primary_pos is known (from this check or an earlier one) */
    rws_gtid_pos primary_pos; /* read before this check's heartbeat */
    int64_t primary_clock_us; /* the primary's NOW(6) in unix microseconds */
    int64_t primary_mono_us;  /* our monotonic clock when it was read */
};

static void check_primary(rws_monitor *mon, int i);
static void check_replica(rws_monitor *mon, int i);

/* ---- small helpers ------------------------------------------------------------------------ */

static int64_t parse_us(const char *s)
{
    /* "1732752000.123456" -> microseconds, without floating point rounding */
    if (!s)
        return -1;
    int64_t whole = 0, frac = 0;
    int digits = 0;
    const char *p = s;
    while (*p >= '0' && *p <= '9')
        whole = whole * 10 + (*p++ - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9' && digits < 6; p++, digits++)
            frac = frac * 10 + (*p - '0');
    while (digits++ < 6)
        frac *= 10;
    return whole * 1000000 + frac;
}

static int query_row(MYSQL *m, const char *sql, MYSQL_RES **res, MYSQL_ROW *row)
{
    *res = NULL;
    *row = NULL;
    if (mysql_query(m, sql) != 0)
        return -1;
    *res = mysql_store_result(m);
    if (!*res)
        return mysql_errno(m) ? -1 : 0;
    *row = mysql_fetch_row(*res);
    return 0;
}

static void set_state(rws_monitor *mon, int i, rws_backend_state st)
{
    rws_cluster *c = mon->c;
    rws_backend *b = &c->backends[i];
    mon_backend *mb = &mon->mb[i];
    if (st == RWS_BACKEND_DOWN) {
        if (atomic_load(&b->state) != RWS_BACKEND_DOWN)
            rws__backend_mark_down(b, rws__opts(c), rws__now_us());
    } else {
        atomic_store(&b->state, (int)st);
        atomic_store(&b->backoff_ms, 0);
    }
    if (mb->logged == (int)st)
        return;
    const char *role = atomic_load(&b->role) == RWS_ROLE_PRIMARY ? "primary" : "replica";
    int64_t lag = atomic_load(&b->lag_us);
    switch (st) {
    case RWS_BACKEND_DOWN:
        rws__log(c, RWS_LOG_LEVEL_WARNING, "%s '%s' is down: %s", role, b->spec.name, mb->err);
        break;
    case RWS_BACKEND_AUTH:
        rws__log(c, RWS_LOG_LEVEL_ERROR, "%s '%s' refused the login: %s", role, b->spec.name,
                 mb->err);
        break;
    case RWS_BACKEND_LAGGING:
        if (atomic_load(&b->replicating) == 0)
            rws__log(c, RWS_LOG_LEVEL_WARNING, "replica '%s' is not replicating: no reads",
                     b->spec.name);
        else if (lag < 0)
            rws__log(c, RWS_LOG_LEVEL_WARNING, "replica '%s': lag unknown: no reads", b->spec.name);
        else
            rws__log(c, RWS_LOG_LEVEL_WARNING,
                     "replica '%s' is lagging: %lld ms behind (max_lag_ms %d): no reads",
                     b->spec.name, (long long)(lag / 1000), rws__opts(c)->max_lag_ms);
        break;
    case RWS_BACKEND_UP:
        if (mb->logged == RWS_BACKEND_LAGGING)
            rws__log(c, RWS_LOG_LEVEL_INFO, "replica '%s' caught up (lag %lld ms)", b->spec.name,
                     (long long)(lag / 1000));
        else if (mb->logged >= 0)
            rws__log(c, RWS_LOG_LEVEL_INFO, "%s '%s' is up again", role, b->spec.name);
        else
            rws__log(c, RWS_LOG_LEVEL_DEBUG, "%s '%s' is up", role, b->spec.name);
        break;
    case RWS_BACKEND_UNKNOWN:
    case RWS_BACKEND_REMOVED: break;
    }
    mb->logged = (int)st;
}

static int is_login_refusal(unsigned e)
{
    return e == ER_ACCESS_DENIED_ERROR || e == ER_DBACCESS_DENIED_ERROR || e == 1862 || e == 3118 ||
           e == 4151;
}

/* Connect the monitor's link to backend i if needed. Returns 0 or -1 (state published). */
static int mon_connect(rws_monitor *mon, int i)
{
    mon_backend *mb = &mon->mb[i];
    if (mb->m)
        return 0;
    rws_cluster *c = mon->c;
    rws_connect_params p = c->params;
    p.user = mon->user;
    p.password = mon->password;
    p.database = NULL;
    p.multi_statements = 0;
    /* The monitor must not hang on a paused server for long: bound its reads by twice the
     * interval (Connector/C rounds up to whole seconds). */
    int bound = 2 * rws__opts(c)->monitor_interval_ms;
    if (bound < p.read_timeout_ms)
        p.read_timeout_ms = p.write_timeout_ms = bound;
    mb->m = rws__backend_connect(&c->backends[i], &p, &mb->errnum, mb->err, sizeof mb->err);
    if (!mb->m) {
        set_state(mon, i, is_login_refusal(mb->errnum) ? RWS_BACKEND_AUTH : RWS_BACKEND_DOWN);
        return -1;
    }
    if (atomic_load(&mon->flavor) == FLAVOR_UNKNOWN) {
        const char *ver = mysql_get_server_info(mb->m);
        atomic_store(&mon->flavor, ver && strstr(ver, "MariaDB") ? FLAVOR_MARIADB : FLAVOR_MYSQL);
    }
    return 0;
}

static void mon_fail(rws_monitor *mon, int i)
{
    mon_backend *mb = &mon->mb[i];
    if (mb->m && rws__is_connection_error(mysql_errno(mb->m)) && !mb->retrying) {
        /* The monitor's own connection may have been killed while the server is fine: check
         * again at once on a new connection before calling the server down. */
        mysql_close(mb->m);
        mb->m = NULL;
        mb->retrying = 1;
        if (atomic_load(&mon->c->primary) == i)
            check_primary(mon, i);
        else
            check_replica(mon, i);
        mb->retrying = 0;
        return;
    }
    mb->errnum = mysql_errno(mb->m);
    rws__fmt(mb->err, sizeof mb->err, "%s: %s", mon->c->backends[i].spec.name, mysql_error(mb->m));
    mysql_close(mb->m);
    mb->m = NULL;
    set_state(mon, i, RWS_BACKEND_DOWN);
}

/* ---- the primary -------------------------------------------------------------------------- */

/* A failed heartbeat write (read-only primary, no privilege) switches lag measurement to gtid
 * until a write works again; each switch is logged once. */
static void heartbeat_result(rws_monitor *mon, MYSQL *m, int ok)
{
    if (!ok && mon->heartbeat_working)
        rws__log(mon->c, RWS_LOG_LEVEL_WARNING,
                 "cannot write the heartbeat table %s on the primary (%s): measuring lag with "
                 "lag_method = \"gtid\" until it can",
                 mon->heartbeat_table, mysql_error(m));
    else if (ok && !mon->heartbeat_working)
        rws__log(mon->c, RWS_LOG_LEVEL_INFO, "heartbeat table %s: writes work, lag by heartbeat",
                 mon->heartbeat_table);
    mon->heartbeat_working = ok;
}

static void write_heartbeat(rws_monitor *mon, MYSQL *m)
{
    char sql[512];
    if (!mon->heartbeat_ready) {
        rws__fmt(sql, sizeof sql,
                 "CREATE TABLE IF NOT EXISTS %s (id INT UNSIGNED NOT NULL PRIMARY KEY, "
                 "ts DATETIME(6) NOT NULL) ENGINE=InnoDB",
                 mon->heartbeat_table);
        if (mysql_query(m, sql) != 0) {
            if (!rws__is_connection_error(mysql_errno(m)))
                heartbeat_result(mon, m, 0);
            return;
        }
        mon->heartbeat_ready = 1;
    }
    rws__fmt(sql, sizeof sql, "REPLACE INTO %s (id, ts) VALUES (1, NOW(6))", mon->heartbeat_table);
    int ok = mysql_query(m, sql) == 0;
    if (ok || !rws__is_connection_error(mysql_errno(m)))
        heartbeat_result(mon, m, ok);
}

static void check_primary(rws_monitor *mon, int i)
{
    rws_backend *b = &mon->c->backends[i];
    /* While the primary cannot be reached, its last known position stays: no write can have
     * happened since, so a replica that has it is current (reads go on, degraded). */
    if (mon_connect(mon, i) != 0)
        return;
    MYSQL *m = mon->mb[i].m;
    const char *sql = atomic_load(&mon->flavor) == FLAVOR_MARIADB
                          ? "SELECT @@gtid_binlog_pos, @@read_only, UNIX_TIMESTAMP(NOW(6))"
                          : "SELECT @@gtid_executed, @@read_only, UNIX_TIMESTAMP(NOW(6))";
    MYSQL_RES *res;
    MYSQL_ROW row;
    if (query_row(m, sql, &res, &row) != 0 || !row) {
        if (res)
            mysql_free_result(res);
        mon_fail(mon, i);
        return;
    }
    rws_gtid_pos pos;
    if (rws__gtid_parse(row[0] ? row[0] : "", row[0] ? strlen(row[0]) : 0, &pos) == RWS_OK) {
        rws__gtid_free(&mon->primary_pos);
        mon->primary_pos = pos; /* moved (no self-pointers): pos is not used again */
        mon->have_primary = 1;
    }
    rws__backend_set_pos(b, row[0]);
    atomic_store(&b->read_only, row[1] ? atoi(row[1]) : -1);
    mon->primary_clock_us = parse_us(row[2]);
    mon->primary_mono_us = rws__now_us();
    mysql_free_result(res);
    if (mon->heartbeat_ok)
        write_heartbeat(mon, m);
    if (mysql_errno(m) && rws__is_connection_error(mysql_errno(m))) {
        mon_fail(mon, i);
        return;
    }
    atomic_store(&b->lag_us, 0);
    set_state(mon, i, RWS_BACKEND_UP);
}

/* ---- a replica ---------------------------------------------------------------------------- */

/* Replication threads from SHOW SLAVE STATUS: 1 running, 0 not, -1 unknown. Also the
 * Seconds_Behind_Master in *sbm_us (-1 NULL). */
static int replication_running(rws_monitor *mon, int i, int64_t *sbm_us)
{
    mon_backend *mb = &mon->mb[i];
    *sbm_us = -1;
    if (mb->slave_status_denied)
        return -1;
    MYSQL *m = mb->m;
    if (mysql_query(m, "SHOW SLAVE STATUS") != 0) {
        unsigned e = mysql_errno(m);
        if (e == ER_SPECIFIC_ACCESS_DENIED_ERROR || e == ER_ACCESS_DENIED_ERROR ||
            e == ER_DBACCESS_DENIED_ERROR) {
            mb->slave_status_denied = 1;
            rws__log(mon->c, RWS_LOG_LEVEL_INFO,
                     "replica '%s': the monitor user may not run SHOW SLAVE STATUS (grant SLAVE "
                     "MONITOR); replication is judged by its GTID progress alone",
                     mon->c->backends[i].spec.name);
        }
        return -1;
    }
    MYSQL_RES *res = mysql_store_result(m);
    if (!res)
        return -1;
    int running = 0;
    MYSQL_ROW row = mysql_fetch_row(res);
    if (row) {
        unsigned n = mysql_num_fields(res);
        MYSQL_FIELD *f = mysql_fetch_fields(res);
        int io = 0, sql = 0;
        for (unsigned k = 0; k < n; k++) {
            if (strcmp(f[k].name, "Slave_IO_Running") == 0 ||
                strcmp(f[k].name, "Replica_IO_Running") == 0)
                /* "Connecting": the IO thread retries (the primary may be down); the lag
                 * tells whether the replica is still current. */
                io = row[k] && (strcmp(row[k], "Yes") == 0 || strcmp(row[k], "Connecting") == 0);
            else if (strcmp(f[k].name, "Slave_SQL_Running") == 0 ||
                     strcmp(f[k].name, "Replica_SQL_Running") == 0)
                sql = row[k] && strcmp(row[k], "Yes") == 0;
            else if (strcmp(f[k].name, "Seconds_Behind_Master") == 0 ||
                     strcmp(f[k].name, "Seconds_Behind_Source") == 0)
                *sbm_us = row[k] ? (int64_t)atoll(row[k]) * 1000000 : -1;
        }
        running = io && sql;
    }
    mysql_free_result(res);
    return running;
}

static int64_t gtid_lag(rws_monitor *mon, mon_backend *mb, const rws_gtid_pos *have)
{
    int64_t now = rws__now_us();
    if (!mb->pending_since_us || rws__gtid_covers(have, &mb->pending)) {
        /* Caught up with the oldest position we were waiting for: wait for the newest now. */
        rws__gtid_free(&mb->pending);
        if (rws__gtid_copy(&mb->pending, &mon->primary_pos) != RWS_OK)
            return -1;
        mb->pending_since_us = now;
        return 0;
    }
    return now - mb->pending_since_us;
}

static void check_replica(rws_monitor *mon, int i)
{
    rws_cluster *c = mon->c;
    rws_backend *b = &c->backends[i];
    mon_backend *mb = &mon->mb[i];
    if (mon_connect(mon, i) != 0)
        return;
    MYSQL *m = mb->m;
    int mariadb = atomic_load(&mon->flavor) == FLAVOR_MARIADB;
    char sql[400];
    int use_heartbeat = mon->heartbeat_ok && mon->heartbeat_working && mon->heartbeat_ready;
    if (use_heartbeat)
        rws__fmt(sql, sizeof sql,
                 "SELECT %s, @@read_only, (SELECT UNIX_TIMESTAMP(ts) FROM %s WHERE id = 1)",
                 mariadb ? "@@gtid_slave_pos" : "@@gtid_executed", mon->heartbeat_table);
    else
        rws__fmt(sql, sizeof sql, "SELECT %s, @@read_only, NULL",
                 mariadb ? "@@gtid_slave_pos" : "@@gtid_executed");
    MYSQL_RES *res;
    MYSQL_ROW row;
    int rc = query_row(m, sql, &res, &row);
    if (rc != 0 && mysql_errno(m) == ER_NO_SUCH_TABLE) {
        /* The heartbeat table has not reached this replica yet: not an outage. */
        rws__fmt(sql, sizeof sql, "SELECT %s, @@read_only, NULL",
                 mariadb ? "@@gtid_slave_pos" : "@@gtid_executed");
        rc = query_row(m, sql, &res, &row);
    }
    if (rc != 0 || !row) {
        if (res)
            mysql_free_result(res);
        mon_fail(mon, i);
        return;
    }
    rws_gtid_pos have;
    rws__gtid_init(&have);
    int parsed =
        rws__gtid_parse(row[0] ? row[0] : "", row[0] ? strlen(row[0]) : 0, &have) == RWS_OK;
    rws__backend_set_pos(b, row[0]);
    atomic_store(&b->read_only, row[1] ? atoi(row[1]) : -1);
    int64_t hb_us = row[2] ? parse_us(row[2]) : -1;
    mysql_free_result(res);

    int64_t sbm_us;
    int running = replication_running(mon, i, &sbm_us);
    if (running < 0 && mysql_errno(m) && rws__is_connection_error(mysql_errno(m))) {
        rws__gtid_free(&have);
        mon_fail(mon, i);
        return;
    }
    atomic_store(&b->replicating, running);

    int64_t lag = -1;
    int caught_up = parsed && mon->have_primary && rws__gtid_covers(&have, &mon->primary_pos);
    switch (rws__opts(c)->lag_method) {
    case RWS_LAG_REPLICA_STATUS: lag = sbm_us; break;
    case RWS_LAG_HEARTBEAT:
        if (use_heartbeat) {
            if (caught_up)
                lag = 0;
            else if (hb_us > 0 && mon->primary_clock_us > 0) {
                int64_t primary_now =
                    mon->primary_clock_us + (rws__now_us() - mon->primary_mono_us);
                lag = primary_now > hb_us ? primary_now - hb_us : 0;
            }
            break;
        }
        /* the heartbeat could not be written: measure as gtid */
        __attribute__((fallthrough));
    case RWS_LAG_GTID:
    default:
        if (caught_up) {
            rws__gtid_free(&mb->pending);
            mb->pending_since_us = 0;
            lag = 0;
        } else if (parsed && mon->have_primary) {
            lag = gtid_lag(mon, mb, &have);
        }
        break;
    }
    rws__gtid_free(&have);
    atomic_store(&b->lag_us, lag);
    int ok = running != 0 && lag >= 0 && lag <= (int64_t)rws__opts(c)->max_lag_ms * 1000;
    set_state(mon, i, ok ? RWS_BACKEND_UP : RWS_BACKEND_LAGGING);
}

/* ---- the loop ----------------------------------------------------------------------------- */

/* follow_primary: when the primary is down or read-only, the configured server that is up and
 * writable (read_only = 0) becomes the primary, as after a failover by an external tool
 * (orchestrator, MHA, replication-manager). Returns 1 if the primary changed. */
static int follow_primary(rws_monitor *mon)
{
    rws_cluster *c = mon->c;
    int p = atomic_load(&c->primary);
    if (p >= 0) {
        rws_backend *old = &c->backends[p];
        int st = atomic_load(&old->state);
        if (st != RWS_BACKEND_DOWN && st != RWS_BACKEND_AUTH && atomic_load(&old->read_only) != 1)
            return 0;
    }
    for (size_t i = 0; i < rws__backend_count(c); i++) {
        rws_backend *b = &c->backends[i];
        int st = atomic_load(&b->state);
        if ((int)i == p || atomic_load(&b->removed) || st == RWS_BACKEND_DOWN ||
            st == RWS_BACKEND_AUTH || st == RWS_BACKEND_UNKNOWN || atomic_load(&b->read_only) != 0)
            continue;
        const char *why = "read-only";
        if (p >= 0) {
            rws_backend *old = &c->backends[p];
            if (atomic_load(&old->state) == RWS_BACKEND_DOWN)
                why = "down";
            atomic_store(&old->role, RWS_ROLE_REPLICA);
            /* Sessions drop their links to both: state on the old primary is lost (and said). */
            atomic_fetch_add(&old->epoch, 1);
        }
        atomic_store(&b->role, RWS_ROLE_PRIMARY);
        atomic_fetch_add(&b->epoch, 1);
        atomic_store(&c->primary, (int)i);
        mon->heartbeat_ready = 0; /* make sure the table exists on the new primary */
        rws__log(c, RWS_LOG_LEVEL_WARNING,
                 "new primary: '%s' (read_only = 0) replaces '%s' (%s) [follow_primary]",
                 b->spec.name, p >= 0 ? c->backends[p].spec.name : "none", why);
        return 1;
    }
    return 0;
}

static void check_all(rws_monitor *mon)
{
    rws_cluster *c = mon->c;
    int p = atomic_load(&c->primary);
    if (p >= 0)
        check_primary(mon, p);
    else
        mon->have_primary = 0;
    for (size_t i = 0; i < rws__backend_count(c); i++) {
        if ((int)i == p)
            continue;
        if (atomic_load(&c->backends[i].removed)) {
            if (mon->mb[i].m) { /* taken out by a reload: let its connection go */
                mysql_close(mon->mb[i].m);
                mon->mb[i].m = NULL;
            }
            continue;
        }
        check_replica(mon, (int)i);
    }
    if (rws__opts(c)->follow_primary && follow_primary(mon))
        check_primary(mon, atomic_load(&c->primary));
}

static void *monitor_main(void *arg)
{
    rws_monitor *mon = arg;
    rws_cluster *c = mon->c;
    pthread_mutex_lock(&mon->lock);
    while (!mon->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        int64_t ns = until.tv_nsec + (int64_t)rws__opts(c)->monitor_interval_ms * 1000000;
        until.tv_sec += (time_t)(ns / 1000000000);
        until.tv_nsec = (long)(ns % 1000000000);
        while (!mon->stop && !mon->poked)
            if (pthread_cond_timedwait(&mon->cond, &mon->lock, &until) != 0)
                break;
        if (mon->stop)
            break;
        mon->poked = 0;
        pthread_mutex_unlock(&mon->lock);
        check_all(mon);
        pthread_mutex_lock(&mon->lock);
    }
    pthread_mutex_unlock(&mon->lock);
    mysql_thread_end();
    return NULL;
}

typedef struct first_check {
    rws_monitor *mon;
    int i;
} first_check;

static void *first_check_replica(void *arg)
{
    first_check *fc = arg;
    check_replica(fc->mon, fc->i);
    mysql_thread_end();
    return NULL;
}

static int quote_table(const char *name, char *out, size_t len)
{
    /* "t" or "schema.t" -> `t` / `schema`.`t`; backquotes in names are refused */
    if (!name || !*name || strchr(name, '`') || strlen(name) > 128)
        return -1;
    const char *dot = strchr(name, '.');
    if (dot)
        rws__fmt(out, len, "`%.*s`.`%s`", (int)(dot - name), name, dot + 1);
    else
        rws__fmt(out, len, "`%s`", name);
    return 0;
}

rws_code rws__monitor_start(rws_cluster *c)
{
    rws_monitor *mon = calloc(1, sizeof *mon);
    if (!mon)
        return RWS_ERR_NOMEM;
    mon->c = c;
    mon->mb = calloc(RWS_MAX_BACKENDS, sizeof *mon->mb);
    if (!mon->mb) {
        free(mon);
        return RWS_ERR_NOMEM;
    }
    for (size_t i = 0; i < RWS_MAX_BACKENDS; i++)
        mon->mb[i].logged = -1;
    pthread_mutex_init(&mon->lock, NULL);
    pthread_cond_init(&mon->cond, NULL);
    c->monitor = mon;

    const rws_credentials *cred = c->opts.monitor.user ? &c->opts.monitor : &c->opts.auth;
    char err[RWS_ERRMSG_SIZE];
    rws_code rc = rws__credentials_password(cred, &mon->password, err, sizeof err);
    if (rc != RWS_OK)
        return rws__cluster_fail(c, rc, "monitor: %s", err);
    mon->user = cred->user;

    mon->heartbeat_ok = c->opts.lag_method == RWS_LAG_HEARTBEAT;
    mon->heartbeat_working = 1; /* until a write fails */
    if (mon->heartbeat_ok && quote_table(c->opts.heartbeat_table, mon->heartbeat_table,
                                         sizeof mon->heartbeat_table) != 0)
        return rws__cluster_fail(c, RWS_ERR_CONFIG, "heartbeat_table '%s' is not a valid name",
                                 c->opts.heartbeat_table ? c->opts.heartbeat_table : "");
    if (mon->heartbeat_ok && !strchr(c->opts.heartbeat_table, '.') && !c->opts.database) {
        rws__log(c, RWS_LOG_LEVEL_WARNING,
                 "heartbeat_table '%s' names no schema and no database is set: "
                 "measuring lag with lag_method = \"gtid\"",
                 c->opts.heartbeat_table);
        mon->heartbeat_ok = 0;
    } else if (mon->heartbeat_ok && !strchr(c->opts.heartbeat_table, '.')) {
        char qualified[300];
        rws__fmt(qualified, sizeof qualified, "%s.%s", c->opts.database, c->opts.heartbeat_table);
        quote_table(qualified, mon->heartbeat_table, sizeof mon->heartbeat_table);
    }

    /* The first check, synchronously: the primary, then every replica at once. */
    int p = atomic_load(&c->primary);
    if (p >= 0)
        check_primary(mon, p);
    first_check *fcs = calloc(rws__backend_count(c), sizeof *fcs);
    pthread_t *ts = calloc(rws__backend_count(c), sizeof *ts);
    if (!fcs || !ts) {
        free(fcs);
        free(ts);
        return RWS_ERR_NOMEM;
    }
    for (size_t i = 0; i < rws__backend_count(c); i++) {
        if ((int)i == p)
            continue;
        fcs[i] = (first_check){mon, (int)i};
        if (pthread_create(&ts[i], NULL, first_check_replica, &fcs[i]) != 0) {
            ts[i] = 0;
            check_replica(mon, (int)i);
        }
    }
    for (size_t i = 0; i < rws__backend_count(c); i++)
        if ((int)i != p && ts[i])
            pthread_join(ts[i], NULL);
    free(fcs);
    free(ts);

    if (rws__opts(c)->follow_primary && follow_primary(mon))
        check_primary(mon, atomic_load(&c->primary));

    if (pthread_create(&mon->thread, NULL, monitor_main, mon) != 0)
        return rws__cluster_fail(c, RWS_ERR_INTERNAL, "cannot start the monitor thread");
    mon->thread_started = 1;
    return RWS_OK;
}

void rws__monitor_stop(rws_monitor *mon)
{
    if (!mon)
        return;
    if (mon->thread_started) {
        pthread_mutex_lock(&mon->lock);
        mon->stop = 1;
        pthread_cond_signal(&mon->cond);
        pthread_mutex_unlock(&mon->lock);
        pthread_join(mon->thread, NULL);
    }
    for (size_t i = 0; mon->mb && i < RWS_MAX_BACKENDS; i++) {
        if (mon->mb[i].m)
            mysql_close(mon->mb[i].m);
        rws__gtid_free(&mon->mb[i].pending);
    }
    rws__gtid_free(&mon->primary_pos);
    free(mon->mb);
    if (mon->password) {
        memset(mon->password, 0, strlen(mon->password));
        free(mon->password);
    }
    pthread_cond_destroy(&mon->cond);
    pthread_mutex_destroy(&mon->lock);
    free(mon);
}

void rws__monitor_poke(rws_monitor *mon)
{
    if (!mon)
        return;
    pthread_mutex_lock(&mon->lock);
    mon->poked = 1;
    pthread_cond_signal(&mon->cond);
    pthread_mutex_unlock(&mon->lock);
}

int rws__monitor_flavor(const rws_monitor *mon)
{
    return mon ? atomic_load(&mon->flavor) : FLAVOR_UNKNOWN;
}
