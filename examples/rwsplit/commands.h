/* The rwsplit tool's subcommands. To add one: write cmd_<name>.c with a run and a usage
 * function, declare them here, and add a row to the table in main.c. */
#ifndef RWSPLIT_TOOL_COMMANDS_H
#define RWSPLIT_TOOL_COMMANDS_H

#include <stdio.h>

/* Exit codes shared by every subcommand. */
#define TOOL_EXIT_OK    0
#define TOOL_EXIT_FAIL  1 /* the command ran and failed */
#define TOOL_EXIT_USAGE 2 /* bad command line */

typedef struct tool_command {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the subcommand's name */
    void (*usage)(FILE *out);
    const char *summary; /* one line for `rwsplit --help` */
} tool_command;

/* rwsplit explain: classify statements read from stdin (cmd_explain.c). */
int cmd_explain(int argc, char **argv);
void cmd_explain_usage(FILE *out);

/* rwsplit bench: micro-benchmarks (cmd_bench.c). */
int cmd_bench(int argc, char **argv);
void cmd_bench_usage(FILE *out);

/* rwsplit exec: run statements from stdin through one connection (cmd_exec.c). */
int cmd_exec(int argc, char **argv);
void cmd_exec_usage(FILE *out);

/* rwsplit status: the backends, their health and counters (cmd_status.c). */
int cmd_status(int argc, char **argv);
void cmd_status_usage(FILE *out);

/* True if arg is -h or --help. */
int tool_is_help(const char *arg);

#endif
