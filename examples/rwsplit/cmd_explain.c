/* rwsplit explain: print rws_classify()'s answer for each statement, one per input line. */
#include "commands.h"

#include <rwsplit.h>

#include <stdlib.h>
#include <string.h>

void cmd_explain_usage(FILE *out)
{
    fprintf(out,
            "usage: rwsplit explain [-v] [SQL ...]\n\n"
            "Classify SQL as librwsplit would route it. Each SQL argument, or else each line of\n"
            "stdin, is one input (a line may hold several statements separated by ';'). For\n"
            "each input one line is printed:\n\n"
            "  ROUTE<TAB>REASON\n\n"
            "ROUTE is primary, replica or all (a session command for every connection); REASON\n"
            "is a short text. No server is needed.\n\n"
            "  -v   add two columns: the flags, and the tables named (comma-separated)\n");
}

static const struct {
    uint32_t bit;
    const char *name;
} flag_names[] = {
    {RWS_CF_WRITE, "write"},
    {RWS_CF_LOCKING_READ, "locking_read"},
    {RWS_CF_SESSION, "session"},
    {RWS_CF_TRX_BEGIN, "trx_begin"},
    {RWS_CF_TRX_END, "trx_end"},
    {RWS_CF_TRX_READ_ONLY, "trx_read_only"},
    {RWS_CF_TEMP_CREATE, "temp_create"},
    {RWS_CF_TEMP_DROP, "temp_drop"},
    {RWS_CF_LOCK_TABLES, "lock_tables"},
    {RWS_CF_UNLOCK_TABLES, "unlock_tables"},
    {RWS_CF_NAMED_LOCK, "named_lock"},
    {RWS_CF_NAMED_UNLOCK, "named_unlock"},
    {RWS_CF_AUTOCOMMIT_OFF, "autocommit_off"},
    {RWS_CF_AUTOCOMMIT_ON, "autocommit_on"},
    {RWS_CF_USE_DB, "use_db"},
    {RWS_CF_FOLLOW_PREVIOUS, "follow_previous"},
    {RWS_CF_MULTI, "multi"},
    {RWS_CF_HINT_PRIMARY, "hint_primary"},
    {RWS_CF_HINT_REPLICA, "hint_replica"},
    {RWS_CF_HINT_MAX_LAG, "hint_max_lag"},
    {RWS_CF_IMPLICIT_COMMIT, "implicit_commit"},
    {RWS_CF_LAST_INSERT_ID, "last_insert_id"},
    {RWS_CF_SESSION_TRACKING, "session_tracking"},
    {RWS_CF_DDL_TEMP_SCOPE, "ddl_temp_scope"},
    {RWS_CF_USER_VAR_READ, "user_var_read"},
    {RWS_CF_USER_VAR_WRITE, "user_var_write"},
};

static void print_one(const char *sql, size_t len, int verbose)
{
    rws_classification c;
    rws_classify(sql, len, &c);
    printf("%s\t%s", rws_route_name(c.route), rws_reason_text(c.reason));
    if (verbose) {
        putchar('\t');
        const char *sep = "";
        for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++) {
            if (c.flags & flag_names[i].bit) {
                printf("%s%s", sep, flag_names[i].name);
                sep = ",";
            }
        }
        if (c.flags & RWS_CF_HINT_MAX_LAG)
            printf("%smax_lag_ms=%d", sep, c.max_lag_ms);
        putchar('\t');
        for (unsigned i = 0; i < c.ntables; i++)
            printf("%s%.*s", i ? "," : "", (int)c.tables[i].len, c.tables[i].ptr);
        if (c.tables_truncated)
            printf(",...");
        if (c.flags & RWS_CF_TEMP_CREATE)
            printf("\ttemp=%.*s", (int)c.temp_table.len, c.temp_table.ptr);
    }
    putchar('\n');
}

int cmd_explain(int argc, char **argv)
{
    int verbose = 0, nsql = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0) {
            verbose = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "rwsplit explain: unknown option '%s'\n", argv[i]);
            cmd_explain_usage(stderr);
            return TOOL_EXIT_USAGE;
        } else {
            nsql++;
        }
    }
    if (nsql > 0) {
        for (int i = 1; i < argc; i++)
            if (argv[i][0] != '-' || argv[i][1] == '\0')
                print_one(argv[i], strlen(argv[i]), verbose);
        return TOOL_EXIT_OK;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        size_t len = (size_t)n;
        if (len > 0 && line[len - 1] == '\n')
            len--;
        if (len > 0 && line[len - 1] == '\r')
            len--;
        print_one(line, len, verbose);
    }
    free(line);
    return ferror(stdin) ? TOOL_EXIT_FAIL : TOOL_EXIT_OK;
}
