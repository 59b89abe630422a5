/* rwsplit: a command-line companion to librwsplit. `rwsplit --help` lists the subcommands; each
 * lives in its own cmd_<name>.c and is listed in the table below. */
#include "commands.h"

#include <rwsplit.h>

#include <string.h>

static const tool_command commands[] = {
    {"explain", cmd_explain, cmd_explain_usage,
     "classify SQL statements read from stdin: ROUTE<TAB>REASON per line"},
    {"bench", cmd_bench, cmd_bench_usage, "micro-benchmarks (bench --classify)"},
    {"exec", cmd_exec, cmd_exec_usage,
     "run statements from stdin through one connection (--trace: where each ran)"},
    {"status", cmd_status, cmd_status_usage,
     "the backends: role, state, lag, GTID, reads and writes; exit 0 if healthy"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

int tool_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

static const tool_command *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: rwsplit <command> [options]\n"
                 "       rwsplit help <command> | --help | --version\n\n"
                 "Read/write splitting over a MySQL/MariaDB primary and its replicas.\n\n"
                 "commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return TOOL_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (tool_is_help(name)) {
        usage(stdout);
        return TOOL_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("rwsplit %s (librwsplit %s)\n", RWS_VERSION_STRING, rws_version());
        return TOOL_EXIT_OK;
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return TOOL_EXIT_OK;
        }
        const tool_command *c = find(argv[2]);
        if (!c) {
            fprintf(stderr, "rwsplit: no command '%s'; see rwsplit --help\n", argv[2]);
            return TOOL_EXIT_USAGE;
        }
        c->usage(stdout);
        return TOOL_EXIT_OK;
    }
    const tool_command *c = find(name);
    if (!c) {
        fprintf(stderr, "rwsplit: no command '%s'; see rwsplit --help\n", name);
        return TOOL_EXIT_USAGE;
    }
    if (argc > 2 && tool_is_help(argv[2])) {
        c->usage(stdout);
        return TOOL_EXIT_OK;
    }
    return c->run(argc - 1, argv + 1);
}
