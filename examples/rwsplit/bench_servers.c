/* rwsplit bench -c FILE: the same workload through plain Connector/C and through librwsplit,
 * alternating in one run, N threads each with its own connection; or, with --verify, through
 * librwsplit only, counting what the application sees while someone breaks servers.
 *
 * Workloads: point-select (SELECT by primary key, on a replica) and read-write (80% point
 * selects, 20% inserts of a unique row, whose presence on the primary --verify checks).
 * Plain Connector/C reads from the first replica and writes to the primary, as a hand-written
 * split would. */
#include "bench_servers.h"

#include <rwsplit.h>

#include "tool_cluster.h"

#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ROWS 10000
/* Phases alternate raw, rwsplit, rwsplit, raw, ... about one second each (at least 3 rounds), so
 * that drift and CPU placement on a noisy machine fall on both sides alike. */
#define MIN_ROUNDS 3

enum { RAW = 0, RWS = 1 };
enum { POINT_SELECT = 0, READ_WRITE = 1 };

typedef struct run_cfg {
    rws_cluster *cluster;
    int workload;
    int threads;
    double seconds;
    int verify;
    size_t replica; /* backend index for plain reads */
    size_t primary; /* backend index for plain writes */
    unsigned run_id;
} run_cfg;

typedef struct worker {
    const run_cfg *cfg;
    int mode;
    int id;
    _Atomic int *stop;
    uint64_t ops, errors, writes_acked, writes_tried;
    uint32_t *lat; /* microseconds per operation */
    size_t nlat, caplat;
    unsigned char *acked; /* --verify: seq -> acknowledged */
    size_t capacked;
    uint64_t rng;
    uint64_t seq_base; /* the first seq of this phase: rows of every phase stay unique */
    char first_error[256];
} worker;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t next_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static void record(worker *w, double t0)
{
    if (w->nlat == w->caplat) {
        size_t cap = w->caplat ? w->caplat * 2 : 65536;
        uint32_t *grown = realloc(w->lat, cap * sizeof *grown);
        if (!grown)
            return;
        w->lat = grown;
        w->caplat = cap;
    }
    w->lat[w->nlat++] = (uint32_t)((now_s() - t0) * 1e6);
}

static void mark_acked(worker *w, uint64_t seq)
{
    if (seq >= w->capacked) {
        size_t cap = w->capacked ? w->capacked * 2 : 4096;
        while (cap <= seq)
            cap *= 2;
        unsigned char *grown = realloc(w->acked, cap);
        if (!grown)
            return;
        memset(grown + w->capacked, 0, cap - w->capacked);
        w->acked = grown;
        w->capacked = cap;
    }
    w->acked[seq] = 1;
}

static void note_error(worker *w, const char *msg)
{
    w->errors++;
    if (!w->first_error[0])
        snprintf(w->first_error, sizeof w->first_error, "%s", msg);
}

/* One statement through plain Connector/C. */
static int raw_exec(MYSQL *m, const char *sql, int rows)
{
    if (mysql_query(m, sql) != 0)
        return -1;
    if (rows) {
        MYSQL_RES *r = mysql_store_result(m);
        if (!r)
            return -1;
        while (mysql_fetch_row(r))
            ;
        mysql_free_result(r);
    }
    return 0;
}

static int rws_exec(rws_conn *c, const char *sql, int rows)
{
    if (rws_query(c, sql) != RWS_OK)
        return -1;
    if (rows) {
        MYSQL_RES *r = rws_store_result(c);
        if (!r)
            return -1;
        while (mysql_fetch_row(r))
            ;
        mysql_free_result(r);
    }
    return 0;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    const run_cfg *cfg = w->cfg;
    MYSQL *rd = NULL, *wr = NULL;
    rws_conn *conn = NULL;
    if (w->mode == RAW) {
        rd = rws_cluster_connect_backend(cfg->cluster, cfg->replica);
        wr = cfg->workload == READ_WRITE ? rws_cluster_connect_backend(cfg->cluster, cfg->primary)
                                         : NULL;
        if (!rd || (cfg->workload == READ_WRITE && !wr)) {
            note_error(w, rws_cluster_error(cfg->cluster));
            goto out;
        }
    } else if (rws_conn_open(cfg->cluster, &conn) != RWS_OK) {
        note_error(w, rws_error(conn));
        goto out;
    }
    char sql[160];
    uint64_t seq = w->seq_base;
    int warm = 200;
    while (!atomic_load_explicit(w->stop, memory_order_relaxed)) {
        int write = cfg->workload == READ_WRITE && next_rand(&w->rng) % 5 == 0;
        if (write)
            snprintf(sql, sizeof sql,
                     "INSERT INTO bench_log (run, thread, seq) VALUES (%u, %d, %llu)", cfg->run_id,
                     w->id, (unsigned long long)seq);
        else
            snprintf(sql, sizeof sql, "SELECT v FROM bench_kv WHERE id = %llu",
                     (unsigned long long)(next_rand(&w->rng) % ROWS + 1));
        double t0 = now_s();
        int rc =
            w->mode == RAW ? raw_exec(write ? wr : rd, sql, !write) : rws_exec(conn, sql, !write);
        if (warm > 0 && !cfg->verify) {
            warm--; /* untimed: connections and caches warm up */
            if (write)
                seq++;
            continue;
        }
        if (rc == 0) {
            w->ops++;
            record(w, t0);
            if (write) {
                w->writes_acked++;
                if (cfg->verify)
                    mark_acked(w, seq);
            }
        } else {
            note_error(w, w->mode == RAW ? mysql_error(write ? wr : rd) : rws_error(conn));
        }
        if (write) {
            w->writes_tried++;
            seq++;
        }
    }
out:
    if (rd)
        mysql_close(rd);
    if (wr)
        mysql_close(wr);
    rws_conn_close(conn);
    mysql_thread_end();
    return NULL;
}

typedef struct phase_result {
    uint64_t ops, errors, writes_acked;
    double seconds;
    uint32_t *lat;
    size_t nlat;
} phase_result;

static int run_phase(const run_cfg *cfg, int mode, double seconds, phase_result *acc, worker **keep)
{
    worker *ws = calloc((size_t)cfg->threads, sizeof *ws);
    pthread_t *ts = calloc((size_t)cfg->threads, sizeof *ts);
    _Atomic int stop = 0;
    if (!ws || !ts) {
        free(ws);
        free(ts);
        return -1;
    }
    static unsigned phase_no; /* one benchmark per process */
    uint64_t seq_base = (uint64_t)phase_no++ << 40;
    for (int i = 0; i < cfg->threads; i++) {
        ws[i] = (worker){.cfg = cfg,
                         .mode = mode,
                         .id = i,
                         .stop = &stop,
                         .seq_base = seq_base,
                         .rng = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)i << 32) ^ (uint64_t)mode};
        pthread_create(&ts[i], NULL, worker_main, &ws[i]);
    }
    double t0 = now_s();
    struct timespec d = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    nanosleep(&d, NULL);
    atomic_store(&stop, 1);
    for (int i = 0; i < cfg->threads; i++)
        pthread_join(ts[i], NULL);
    acc->seconds += now_s() - t0;
    for (int i = 0; i < cfg->threads; i++) {
        worker *w = &ws[i];
        acc->ops += w->ops;
        acc->errors += w->errors;
        acc->writes_acked += w->writes_acked;
        uint32_t *grown = w->nlat ? realloc(acc->lat, (acc->nlat + w->nlat) * sizeof *grown) : NULL;
        if (grown) {
            acc->lat = grown;
            memcpy(acc->lat + acc->nlat, w->lat, w->nlat * sizeof *grown);
            acc->nlat += w->nlat;
        }
        if (w->first_error[0])
            fprintf(stderr, "rwsplit bench: %s thread %d: %llu errors, first: %s\n",
                    mode == RAW ? "plain" : "librwsplit", i, (unsigned long long)w->errors,
                    w->first_error);
        free(w->lat);
        w->lat = NULL;
    }
    free(ts);
    if (keep)
        *keep = ws;
    else {
        for (int i = 0; i < cfg->threads; i++)
            free(ws[i].acked);
        free(ws);
    }
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static double pct(phase_result *r, double p)
{
    if (r->nlat == 0)
        return 0;
    size_t k = (size_t)(p * (double)(r->nlat - 1));
    return r->lat[k];
}

static int setup_schema(const run_cfg *cfg)
{
    MYSQL *m = rws_cluster_connect_backend(cfg->cluster, cfg->primary);
    if (!m) {
        fprintf(stderr, "rwsplit bench: %s\n", rws_cluster_error(cfg->cluster));
        return -1;
    }
    const char *ddl[] = {
        "CREATE TABLE IF NOT EXISTS bench_kv (id INT PRIMARY KEY, v INT NOT NULL, "
        "payload VARCHAR(64) NOT NULL)",
        "CREATE TABLE IF NOT EXISTS bench_log (run INT UNSIGNED NOT NULL, thread INT NOT NULL, "
        "seq BIGINT NOT NULL, PRIMARY KEY (run, thread, seq))",
        /* ROWS rows in one statement: a recursive CTE counts them out. */
        "INSERT IGNORE INTO bench_kv (id, v, payload) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
        "SELECT i + 1 FROM n WHERE i < 10000) SELECT i, i, REPEAT('x', 32) FROM n",
    };
    for (size_t i = 0; i < sizeof ddl / sizeof ddl[0]; i++) {
        if (mysql_query(m, "SET SESSION max_recursive_iterations = 100000") != 0 ||
            mysql_query(m, ddl[i]) != 0) {
            fprintf(stderr, "rwsplit bench: preparing the tables: %s\n", mysql_error(m));
            mysql_close(m);
            return -1;
        }
    }
    /* Let every replica catch up before timing reads on them. */
    char pos[1024] = "";
    if (mysql_query(m, "SELECT @@gtid_binlog_pos") == 0) {
        MYSQL_RES *r = mysql_store_result(m);
        MYSQL_ROW row = r ? mysql_fetch_row(r) : NULL;
        if (row && row[0])
            snprintf(pos, sizeof pos, "%s", row[0]);
        if (r)
            mysql_free_result(r);
    }
    mysql_close(m);
    size_t n = rws_cluster_backend_count(cfg->cluster);
    for (size_t i = 0; pos[0] && i < n; i++) {
        if (i == cfg->primary)
            continue;
        MYSQL *r = rws_cluster_connect_backend(cfg->cluster, i);
        char sql[1100];
        snprintf(sql, sizeof sql, "SELECT MASTER_GTID_WAIT('%s', 30)", pos);
        if (r && raw_exec(r, sql, 1) != 0)
            fprintf(stderr, "rwsplit bench: waiting for a replica: %s\n", mysql_error(r));
        if (r)
            mysql_close(r);
    }
    return 0;
}

/* Every acknowledged write is on the primary. */
static int verify_writes(const run_cfg *cfg, worker *ws, uint64_t *found, uint64_t *lost)
{
    *found = *lost = 0;
    MYSQL *m = NULL;
    for (int tries = 0; tries < 60 && !m; tries++) {
        m = rws_cluster_connect_backend(cfg->cluster, cfg->primary);
        if (!m) {
            struct timespec d = {0, 500000000L};
            nanosleep(&d, NULL);
        }
    }
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT thread, seq FROM bench_log WHERE run = %u", cfg->run_id);
    if (!m || mysql_query(m, sql) != 0) {
        fprintf(stderr, "rwsplit bench --verify: cannot read the primary: %s\n",
                m ? mysql_error(m) : rws_cluster_error(cfg->cluster));
        if (m)
            mysql_close(m);
        return -1;
    }
    MYSQL_RES *r = mysql_use_result(m);
    MYSQL_ROW row;
    while (r && (row = mysql_fetch_row(r))) {
        int t = atoi(row[0]);
        unsigned long long seq = strtoull(row[1], NULL, 10);
        (*found)++;
        if (t >= 0 && t < cfg->threads && seq < ws[t].capacked)
            ws[t].acked[seq] = 0; /* acknowledged and found */
    }
    if (r)
        mysql_free_result(r);
    mysql_close(m);
    for (int t = 0; t < cfg->threads; t++)
        for (size_t s = 0; s < ws[t].capacked; s++)
            *lost += ws[t].acked[s];
    return 0;
}

void bench_servers_usage(FILE *out)
{
    fprintf(out,
            "usage: rwsplit bench -c FILE [--threads N] [--seconds S]\n"
            "                     [--workload point-select|read-write] [--verify]\n\n"
            "The same workload through plain Connector/C (reads straight to the first replica,\n"
            "writes to the primary) and through librwsplit, alternating in one run, N threads\n"
            "each with its own connection. Prints QPS and p50/p99 latency for both, then one\n"
            "JSON line: qps_raw, qps_rwsplit, ratio, p50_us_raw, p50_us_rwsplit, p99_us_raw,\n"
            "p99_us_rwsplit, errors, retries, writes_acked, writes_found, writes_lost.\n\n"
            "  --verify   librwsplit only, read-write: keep going through errors and count them,\n"
            "             then check that every acknowledged write is on the primary. Run it\n"
            "             while you kill, pause or restart servers.\n");
}

int bench_servers(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},  {"threads", required_argument, NULL, 't'},
        {"seconds", required_argument, NULL, 's'}, {"workload", required_argument, NULL, 'w'},
        {"verify", no_argument, NULL, 'v'},        {NULL, 0, NULL, 0}};
    const char *config = NULL;
    run_cfg cfg = {.threads = 1, .seconds = 10, .workload = POINT_SELECT};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "c:t:s:w:v", longopts, NULL)) != -1) {
        switch (opt) {
        case 'c': config = optarg; break;
        case 't': cfg.threads = atoi(optarg); break;
        case 's': cfg.seconds = atof(optarg); break;
        case 'w':
            if (strcmp(optarg, "point-select") == 0)
                cfg.workload = POINT_SELECT;
            else if (strcmp(optarg, "read-write") == 0)
                cfg.workload = READ_WRITE;
            else {
                fprintf(stderr,
                        "rwsplit bench: --workload is point-select or read-write, not '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case 'v': cfg.verify = 1; break;
        default: bench_servers_usage(stderr); return 2;
        }
    }
    if (cfg.threads < 1 || cfg.threads > 256 || cfg.seconds <= 0 || cfg.seconds > 86400) {
        fprintf(stderr, "rwsplit bench: --threads is 1..256 and --seconds 0..86400\n");
        return 2;
    }
    if (cfg.verify)
        cfg.workload = READ_WRITE;
    cfg.cluster = tool_open_cluster("bench", config);
    if (!cfg.cluster)
        return 1;
    size_t n = rws_cluster_backend_count(cfg.cluster);
    int have_replica = 0;
    for (size_t i = 0; i < n; i++) {
        rws_backend_info b;
        rws_cluster_backend_info(cfg.cluster, i, &b);
        if (b.role == RWS_ROLE_PRIMARY)
            cfg.primary = i;
        else if (!have_replica) {
            cfg.replica = i;
            have_replica = 1;
        }
    }
    if (!have_replica)
        cfg.replica = cfg.primary;
    cfg.run_id = (unsigned)time(NULL);
    if (setup_schema(&cfg) != 0) {
        rws_cluster_free(cfg.cluster);
        return 1;
    }
    rws_stats before, after;
    rws_cluster_stats(cfg.cluster, &before);
    phase_result res[2] = {{0}, {0}};
    worker *verify_ws = NULL;
    if (cfg.verify) {
        run_phase(&cfg, RWS, cfg.seconds, &res[RWS], &verify_ws);
    } else {
        int rounds = cfg.seconds / 2 > MIN_ROUNDS ? (int)(cfg.seconds / 2) : MIN_ROUNDS;
        double slice = cfg.seconds / (2.0 * rounds);
        for (int r = 0; r < rounds; r++) {
            int first = r % 2 ? RWS : RAW;
            run_phase(&cfg, first, slice, &res[first], NULL);
            run_phase(&cfg, !first, slice, &res[!first], NULL);
        }
    }
    rws_cluster_stats(cfg.cluster, &after);
    uint64_t found = 0, lost = 0;
    int verified = 0;
    if (cfg.verify)
        verified = verify_writes(&cfg, verify_ws, &found, &lost) == 0;
    const char *wl = cfg.workload == POINT_SELECT ? "point-select" : "read-write";
    double qps[2];
    for (int m = 0; m < 2; m++) {
        if (res[m].nlat > 0)
            qsort(res[m].lat, res[m].nlat, sizeof *res[m].lat, cmp_u32);
        qps[m] = res[m].seconds > 0 ? (double)res[m].ops / res[m].seconds : 0;
        if (res[m].seconds > 0)
            printf("%-10s %-12s threads=%d  %10.0f qps  p50 %6.0f us  p99 %6.0f us  errors %llu\n",
                   m == RAW ? "plain" : "librwsplit", wl, cfg.threads, qps[m], pct(&res[m], 0.50),
                   pct(&res[m], 0.99), (unsigned long long)res[m].errors);
    }
    if (cfg.verify)
        printf("verify: writes acknowledged %llu, found on the primary %llu, acknowledged but "
               "missing %llu%s\n",
               (unsigned long long)res[RWS].writes_acked, (unsigned long long)found,
               (unsigned long long)lost, verified ? "" : " (could not check)");
    printf("{\"workload\":\"%s\",\"threads\":%d,\"seconds\":%.1f,\"qps_raw\":%.0f,"
           "\"qps_rwsplit\":%.0f,\"ratio\":%.4f,\"p50_us_raw\":%.0f,\"p50_us_rwsplit\":%.0f,"
           "\"p99_us_raw\":%.0f,\"p99_us_rwsplit\":%.0f,\"errors\":%llu,\"retries\":%llu,"
           "\"writes_acked\":%llu,\"writes_found\":%llu,\"writes_lost\":%llu,\"verified\":%s}\n",
           wl, cfg.threads, cfg.seconds, qps[RAW], qps[RWS], qps[RAW] > 0 ? qps[RWS] / qps[RAW] : 0,
           pct(&res[RAW], 0.5), pct(&res[RWS], 0.5), pct(&res[RAW], 0.99), pct(&res[RWS], 0.99),
           (unsigned long long)(res[RAW].errors + res[RWS].errors),
           (unsigned long long)(after.retries - before.retries),
           (unsigned long long)res[RWS].writes_acked, (unsigned long long)found,
           (unsigned long long)lost, cfg.verify ? (verified ? "true" : "false") : "null");
    for (int m = 0; m < 2; m++)
        free(res[m].lat);
    if (verify_ws) {
        for (int i = 0; i < cfg.threads; i++)
            free(verify_ws[i].acked);
        free(verify_ws);
    }
    rws_cluster_free(cfg.cluster);
    return cfg.verify && (!verified || lost) ? 1 : 0;
}
