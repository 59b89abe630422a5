/* rwsplit status: the backends as the monitor sees them; the exit status is a health check. */
#include "commands.h"
#include "tool_cluster.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void cmd_status_usage(FILE *out)
{
    fprintf(out,
            "usage: rwsplit status [-c FILE] [--json] [--watch SECONDS]\n\n"
            "Check every backend once (as the library's monitor does) and print one line per\n"
            "backend: name, role, state, lag in ms, GTID position, reads and writes served.\n"
            "Reads and writes are this process's own counters; an application exposes its own\n"
            "with rws_cluster_metrics().\n\n"
            "  -c, --config FILE     libconfig file (default: $RWSPLIT_CONFIG)\n"
            "  -j, --json            one JSON object per check instead of the table\n"
            "  -w, --watch SECONDS   check again every SECONDS until interrupted\n\n"
            "Exit status: 0 when the primary and every replica are up (replicas within\n"
            "max_lag_ms), 1 otherwise (something is down, lagging or refused the login), 2 for\n"
            "a bad command line. It works as a health check.\n");
}

static void json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            printf("\\%c", ch);
        else if (ch < 0x20)
            printf("\\u%04x", ch);
        else
            putchar(ch);
    }
    putchar('"');
}

static int report(rws_cluster *c, int json)
{
    size_t n = rws_cluster_backend_count(c);
    int healthy = n > 0;
    if (json)
        printf("{\"backends\":[");
    else
        printf("%-16s %-8s %-14s %8s  %-24s %8s %8s\n", "NAME", "ROLE", "STATE", "LAG_MS", "GTID",
               "READS", "WRITES");
    for (size_t i = 0; i < n; i++) {
        rws_backend_info b;
        if (rws_cluster_backend_info(c, i, &b) != RWS_OK)
            continue;
        healthy &= b.state == RWS_STATE_UP;
        const char *role = b.role == RWS_ROLE_PRIMARY ? "primary" : "replica";
        if (json) {
            printf("%s{\"name\":", i ? "," : "");
            json_string(b.name);
            printf(",\"address\":");
            json_string(b.address);
            printf(",\"role\":\"%s\",\"state\":\"%s\",\"lag_ms\":%lld,\"replicating\":%d,"
                   "\"gtid\":",
                   role, rws_state_name(b.state), (long long)b.lag_ms, b.replicating);
            json_string(b.gtid);
            printf(",\"reads\":%llu,\"writes\":%llu}", (unsigned long long)b.reads,
                   (unsigned long long)b.writes);
        } else {
            char lag[24];
            if (b.lag_ms < 0)
                snprintf(lag, sizeof lag, "-");
            else
                snprintf(lag, sizeof lag, "%lld", (long long)b.lag_ms);
            const char *state = rws_state_name(b.state);
            char st[32];
            snprintf(st, sizeof st, "%s%s", state,
                     b.role == RWS_ROLE_REPLICA && b.replicating == 0 ? "(stopped)" : "");
            printf("%-16s %-8s %-14s %8s  %-24s %8llu %8llu\n", b.name, role, st, lag,
                   b.gtid[0] ? b.gtid : "-", (unsigned long long)b.reads,
                   (unsigned long long)b.writes);
        }
    }
    if (json)
        printf("],\"healthy\":%s}\n", healthy ? "true" : "false");
    fflush(stdout);
    return healthy;
}

int cmd_status(int argc, char **argv)
{
    static const struct option longopts[] = {{"config", required_argument, NULL, 'c'},
                                             {"json", no_argument, NULL, 'j'},
                                             {"watch", required_argument, NULL, 'w'},
                                             {NULL, 0, NULL, 0}};
    const char *config = NULL;
    int json = 0, opt;
    double watch = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "c:jw:", longopts, NULL)) != -1) {
        switch (opt) {
        case 'c': config = optarg; break;
        case 'j': json = 1; break;
        case 'w': {
            char *end;
            watch = strtod(optarg, &end);
            if (*end || watch <= 0 || watch > 86400) {
                fprintf(stderr,
                        "rwsplit status: --watch takes seconds (0 < S <= 86400), not '%s'\n",
                        optarg);
                return TOOL_EXIT_USAGE;
            }
            break;
        }
        default: cmd_status_usage(stderr); return TOOL_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "rwsplit status: unexpected argument '%s'\n", argv[optind]);
        return TOOL_EXIT_USAGE;
    }
    rws_cluster *c = tool_open_cluster("status", config);
    if (!c)
        return TOOL_EXIT_FAIL;
    int healthy = report(c, json);
    while (watch > 0) {
        struct timespec ts = {(time_t)watch, (long)((watch - (double)(time_t)watch) * 1e9)};
        nanosleep(&ts, NULL);
        if (!json)
            putchar('\n');
        healthy = report(c, json);
    }
    rws_cluster_free(c);
    return healthy ? TOOL_EXIT_OK : TOOL_EXIT_FAIL;
}
