/* rwsplit bench: micro-benchmarks. Each workload is a row of the table below, selected by its
 * option (`rwsplit bench --classify`); add a workload by adding a function and a row. */
#include "bench_servers.h"
#include "commands.h"

#include <rwsplit.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef RWS_DEFAULT_CLASSIFY_CORPUS
#define RWS_DEFAULT_CLASSIFY_CORPUS "tests/bench/classify_corpus.sql"
#endif

/* Options common to the workloads. */
typedef struct bench_opts {
    const char *corpus;       /* --corpus FILE */
    unsigned long iterations; /* --iterations N (0: the workload's default) */
} bench_opts;

static int bench_classify(const bench_opts *o);

static const struct {
    const char *option;
    int (*run)(const bench_opts *o);
    const char *summary;
} workloads[] = {
    {"--classify", bench_classify, "rws_classify() in ns per statement over a corpus"},
};

#define NWORKLOADS (sizeof workloads / sizeof workloads[0])

void cmd_bench_usage(FILE *out)
{
    fprintf(out, "usage: rwsplit bench WORKLOAD [--corpus FILE] [--iterations N]\n\n"
                 "workloads:\n");
    for (size_t i = 0; i < NWORKLOADS; i++)
        fprintf(out, "  %-12s %s\n", workloads[i].option, workloads[i].summary);
    fprintf(out,
            "\noptions:\n"
            "  --corpus FILE     statements, one per line (default: %s)\n"
            "  --iterations N    timed calls per statement (default: 2000)\n\n"
            "The last line of the output is one JSON object with the results.\n",
            RWS_DEFAULT_CLASSIFY_CORPUS);
    fputc('\n', out);
    bench_servers_usage(out);
}

int cmd_bench(int argc, char **argv)
{
    /* Without --classify the benchmark talks to servers: plain Connector/C vs librwsplit. */
    int classify = 0;
    for (int i = 1; i < argc; i++)
        classify |= strcmp(argv[i], "--classify") == 0;
    if (!classify)
        return bench_servers(argc, argv);
    bench_opts o = {RWS_DEFAULT_CLASSIFY_CORPUS, 0};
    int (*run)(const bench_opts *) = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--corpus") == 0 && i + 1 < argc) {
            o.corpus = argv[++i];
        } else if (strcmp(a, "--iterations") == 0 && i + 1 < argc) {
            char *end;
            errno = 0;
            o.iterations = strtoul(argv[++i], &end, 10);
            if (errno || *end || o.iterations == 0) {
                fprintf(stderr, "rwsplit bench: --iterations wants a positive number, not '%s'\n",
                        argv[i]);
                return TOOL_EXIT_USAGE;
            }
        } else {
            size_t w = 0;
            while (w < NWORKLOADS && strcmp(a, workloads[w].option) != 0)
                w++;
            if (w == NWORKLOADS) {
                fprintf(stderr, "rwsplit bench: unknown option '%s'\n", a);
                cmd_bench_usage(stderr);
                return TOOL_EXIT_USAGE;
            }
            run = workloads[w].run;
        }
    }
    if (!run) {
        fprintf(stderr, "rwsplit bench: which workload? e.g. rwsplit bench --classify\n");
        cmd_bench_usage(stderr);
        return TOOL_EXIT_USAGE;
    }
    return run(&o);
}

/* ---- --classify ---------------------------------------------------------------------------- */

typedef struct corpus {
    char *text;  /* the whole file */
    char **stmt; /* into text, NUL-terminated */
    size_t *len;
    size_t n;
} corpus;

static void corpus_free(corpus *c)
{
    free(c->text);
    free(c->stmt);
    free(c->len);
}

/* One statement per non-empty line. */
static int corpus_load(const char *path, corpus *c)
{
    memset(c, 0, sizeof *c);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "rwsplit bench: %s: %s (use --corpus FILE)\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, used = 0, got;
    c->text = malloc(cap + 1);
    while (c->text && (got = fread(c->text + used, 1, cap - used, f)) > 0) {
        used += got;
        if (used == cap) {
            char *bigger = realloc(c->text, cap * 2 + 1);
            if (!bigger) {
                free(c->text);
                c->text = NULL;
                break;
            }
            c->text = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (!c->text) {
        fprintf(stderr, "rwsplit bench: out of memory\n");
        return -1;
    }
    c->text[used] = '\0';
    size_t lines = 1;
    for (size_t i = 0; i < used; i++)
        lines += c->text[i] == '\n';
    c->stmt = calloc(lines, sizeof *c->stmt);
    c->len = calloc(lines, sizeof *c->len);
    if (!c->stmt || !c->len) {
        corpus_free(c);
        fprintf(stderr, "rwsplit bench: out of memory\n");
        return -1;
    }
    for (char *p = c->text; *p;) {
        char *nl = strchr(p, '\n');
        char *end = nl ? nl : p + strlen(p);
        size_t len = (size_t)(end - p);
        if (len > 0 && p[len - 1] == '\r')
            len--;
        if (nl)
            *nl = '\0';
        if (len > 0) {
            c->stmt[c->n] = p;
            c->len[c->n] = len;
            c->n++;
        }
        p = nl ? nl + 1 : end;
    }
    if (c->n == 0) {
        fprintf(stderr, "rwsplit bench: %s: no statements\n", path);
        corpus_free(c);
        return -1;
    }
    return 0;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct summary {
    size_t n;
    double median, p99, mean;
} summary;

static summary summarise(double *v, size_t n)
{
    summary s = {n, 0, 0, 0};
    if (n == 0)
        return s;
    qsort(v, n, sizeof *v, cmp_double);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    size_t k = (size_t)((double)(n - 1) * 0.99 + 0.5);
    s.p99 = v[k < n ? k : n - 1];
    s.mean = sum / (double)n;
    return s;
}

/* Each statement is classified `iterations` times in a row, in BENCH_ROUNDS rounds; its cost is
 * the mean call time of its fastest round (the rounds that other processes interrupted are
 * dropped that way). The summaries are over statements (each counts once, whatever its
 * length). */
#define BENCH_ROUNDS 5
static int bench_classify(const bench_opts *o)
{
    corpus c;
    if (corpus_load(o->corpus, &c) != 0)
        return TOOL_EXIT_FAIL;
    unsigned long iters = o->iterations ? o->iterations : 2000;
    double *all = malloc(c.n * sizeof *all);
    double *shorts = malloc(c.n * sizeof *shorts);
    if (!all || !shorts) {
        free(all);
        free(shorts);
        corpus_free(&c);
        fprintf(stderr, "rwsplit bench: out of memory\n");
        return TOOL_EXIT_FAIL;
    }
    size_t nshort = 0, bytes = 0;
    unsigned routes[3] = {0, 0, 0};
    rws_classification out;
    volatile unsigned sink = 0;
    for (size_t i = 0; i < c.n; i++) /* warm up caches and branch predictors */
        for (int k = 0; k < 50; k++)
            sink += (unsigned)rws_classify(c.stmt[i], c.len[i], &out);
    unsigned long per_round = iters / BENCH_ROUNDS ? iters / BENCH_ROUNDS : 1;
    for (size_t i = 0; i < c.n; i++) {
        double ns = 0;
        for (int r = 0; r < BENCH_ROUNDS; r++) {
            double t0 = now_ns();
            for (unsigned long k = 0; k < per_round; k++)
                sink += (unsigned)rws_classify(c.stmt[i], c.len[i], &out);
            double round_ns = (now_ns() - t0) / (double)per_round;
            if (r == 0 || round_ns < ns)
                ns = round_ns;
        }
        all[i] = ns;
        if (c.len[i] < 200)
            shorts[nshort++] = ns;
        bytes += c.len[i];
        if ((unsigned)out.route < 3)
            routes[out.route]++;
    }
    (void)sink;
    summary s = summarise(shorts, nshort);
    summary a = summarise(all, c.n);
    printf("rws_classify over %s\n", o->corpus);
    printf("%zu statements (%zu under 200 bytes, mean length %.0f bytes), %lu calls each, best of "
           "%d rounds\n",
           c.n, nshort, (double)bytes / (double)c.n, iters, BENCH_ROUNDS);
    printf("routes: %u primary, %u replica, %u all\n", routes[RWS_ROUTE_PRIMARY],
           routes[RWS_ROUTE_REPLICA], routes[RWS_ROUTE_ALL]);
    printf("%-18s %10s %10s %10s   (ns per statement)\n", "", "median", "p99", "mean");
    printf("%-18s %10.1f %10.1f %10.1f\n", "under 200 bytes", s.median, s.p99, s.mean);
    printf("%-18s %10.1f %10.1f %10.1f\n", "all", a.median, a.p99, a.mean);
    printf("{\"bench\":\"classify\",\"statements\":%zu,\"iterations\":%lu,"
           "\"under_200\":{\"n\":%zu,\"median_ns\":%.1f,\"p99_ns\":%.1f,\"mean_ns\":%.1f},"
           "\"all\":{\"n\":%zu,\"median_ns\":%.1f,\"p99_ns\":%.1f,\"mean_ns\":%.1f}}\n",
           c.n, iters, s.n, s.median, s.p99, s.mean, a.n, a.median, a.p99, a.mean);
    free(all);
    free(shorts);
    corpus_free(&c);
    return TOOL_EXIT_OK;
}
