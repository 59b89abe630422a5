/* rwsplit exec: run statements from stdin, one per line, through one rws_conn. */
#include "commands.h"
#include "tool_cluster.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

void cmd_exec_usage(FILE *out)
{
    fprintf(out,
            "usage: rwsplit exec [-c FILE] [--trace] [--force]\n\n"
            "Run the statements read from stdin, one per line, in order through ONE librwsplit\n"
            "connection, and print result rows tab-separated (as `mariadb -B -N`: NULL for\n"
            "NULL; tab, newline and backslash escaped as \\t, \\n, \\\\).\n\n"
            "  -c, --config FILE  libconfig file (default: $RWSPLIT_CONFIG)\n"
            "  -t, --trace        for each statement print to stderr\n"
            "                     BACKEND<TAB>ROUTE<TAB>REASON: the host:port (or socket) of\n"
            "                     the server that ran it, primary/replica/all, and why (with\n"
            "                     the replica's lag)\n"
            "  -f, --force        go on after a failing statement (exit status is still 1)\n\n"
            "A failing statement prints ERROR errno (SQLSTATE) at line N: message, and stops\n"
            "the run unless --force is given.\n");
}

static void print_field(const char *v, unsigned long len)
{
    if (!v) {
        fputs("NULL", stdout);
        return;
    }
    for (unsigned long i = 0; i < len; i++) {
        switch (v[i]) {
        case '\t': fputs("\\t", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\\': fputs("\\\\", stdout); break;
        case '\0': fputs("\\0", stdout); break;
        default: putchar(v[i]);
        }
    }
}

static int print_results(rws_conn *conn)
{
    do {
        MYSQL_RES *res = rws_store_result(conn);
        if (!res) {
            if (rws_errcode(conn) != RWS_OK)
                return -1;
            continue;
        }
        unsigned nf = mysql_num_fields(res);
        MYSQL_ROW row;
        while ((row = mysql_fetch_row(res))) {
            unsigned long *lens = mysql_fetch_lengths(res);
            for (unsigned i = 0; i < nf; i++) {
                if (i)
                    putchar('\t');
                print_field(row[i], lens[i]);
            }
            putchar('\n');
        }
        mysql_free_result(res);
    } while (rws_next_result(conn) == 0);
    return rws_errcode(conn) == RWS_OK ? 0 : -1;
}

static void trace(rws_cluster *cluster, rws_conn *conn)
{
    char addr[320];
    rws_route route = rws_last_route(conn, NULL); /* where it ran: primary, replica or all */
    const char *where = rws_last_backend(conn);
    fprintf(stderr, "%s\t%s\t%s\n", tool_backend_address(cluster, where, addr, sizeof addr),
            rws_route_name(route), rws_last_route_text(conn));
}

int cmd_exec(int argc, char **argv)
{
    static const struct option longopts[] = {{"config", required_argument, NULL, 'c'},
                                             {"trace", no_argument, NULL, 't'},
                                             {"force", no_argument, NULL, 'f'},
                                             {NULL, 0, NULL, 0}};
    const char *config = NULL;
    int do_trace = 0, force = 0, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "c:tf", longopts, NULL)) != -1) {
        switch (opt) {
        case 'c': config = optarg; break;
        case 't': do_trace = 1; break;
        case 'f': force = 1; break;
        default: cmd_exec_usage(stderr); return TOOL_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "rwsplit exec: unexpected argument '%s' (statements come from stdin)\n",
                argv[optind]);
        return TOOL_EXIT_USAGE;
    }
    rws_cluster *cluster = tool_open_cluster("exec", config);
    if (!cluster)
        return TOOL_EXIT_FAIL;
    rws_conn *conn = NULL;
    if (rws_conn_open(cluster, &conn) != RWS_OK) {
        fprintf(stderr, "rwsplit exec: %s\n", rws_error(conn));
        rws_conn_close(conn);
        rws_cluster_free(cluster);
        return TOOL_EXIT_FAIL;
    }
    int status = TOOL_EXIT_OK;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    while ((n = getline(&line, &cap, stdin)) != -1) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        size_t start = strspn(line, " \t");
        if (line[start] == '\0')
            continue;
        rws_code rc = rws_real_query(conn, line, (size_t)n);
        if (rc == RWS_OK)
            rc = print_results(conn) == 0 ? RWS_OK : rws_errcode(conn);
        if (do_trace)
            trace(cluster, conn);
        fflush(stdout);
        if (rc != RWS_OK) {
            fprintf(stderr, "ERROR %u (%s) at line %lu: %s\n", rws_backend_errno(conn),
                    rws_sqlstate(conn), lineno, rws_error(conn));
            status = TOOL_EXIT_FAIL;
            if (!force)
                break;
        }
    }
    free(line);
    rws_conn_close(conn);
    rws_cluster_free(cluster);
    return status;
}
