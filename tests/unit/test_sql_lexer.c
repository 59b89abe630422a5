/* The classifier's lexer (lib/sql_lexer.c) and its generated keyword and function tables. */
#include <criterion/criterion.h>

#include "sql_lexer.h"

#include <rwsplit.h>
#include <stdio.h>
#include <string.h>

#include "sql_words_list.inc"

Test(sql_words, every_keyword_in_any_case)
{
    for (size_t i = 0; i < sizeof rws_test_keywords / sizeof rws_test_keywords[0]; i++) {
        const char *w = rws_test_keywords[i].name;
        size_t n = strlen(w);
        char lower[64], mixed[64];
        cr_assert_lt(n, sizeof lower);
        for (size_t k = 0; k <= n; k++) {
            lower[k] = (char)(w[k] >= 'A' && w[k] <= 'Z' ? w[k] + 32 : w[k]);
            mixed[k] = k % 2 ? lower[k] : w[k];
        }
        cr_expect_eq(rws__kw_lookup(w, n), rws_test_keywords[i].id, "%s", w);
        cr_expect_eq(rws__kw_lookup(lower, n), rws_test_keywords[i].id, "%s", lower);
        cr_expect_eq(rws__kw_lookup(mixed, n), rws_test_keywords[i].id, "%s", mixed);
    }
}

Test(sql_words, every_function_in_any_case)
{
    for (size_t i = 0; i < sizeof rws_test_functions / sizeof rws_test_functions[0]; i++) {
        const char *w = rws_test_functions[i].name;
        size_t n = strlen(w);
        char lower[64];
        cr_assert_lt(n, sizeof lower);
        for (size_t k = 0; k <= n; k++)
            lower[k] = (char)(w[k] >= 'A' && w[k] <= 'Z' ? w[k] + 32 : w[k]);
        cr_expect_eq(rws__fn_lookup(w, n), rws_test_functions[i].category, "%s", w);
        cr_expect_eq(rws__fn_lookup(lower, n), rws_test_functions[i].category, "%s", lower);
    }
}

Test(sql_words, near_misses_are_not_words)
{
    static const char *const words[] = {"",     "S",       "SELEC",   "SELECTS",  "FROMM",
                                        "_",    "1",       "SELECT1", "SEL_ECT",  "GET_LOCKS",
                                        "NOW_", "select_", "fro",     "\xC3\xA9", "UPDATE$"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        cr_expect_eq(rws__kw_lookup(words[i], strlen(words[i])), RWS_KW_NONE, "[%s]", words[i]);
        cr_expect_eq(rws__fn_lookup(words[i], strlen(words[i])), RWS_FN_NONE, "[%s]", words[i]);
    }
    /* '_' and digits are not case-folded letters */
    cr_expect_eq(rws__kw_lookup("SQL\x7f"
                                "CALC_FOUND_ROWS",
                                19),
                 RWS_KW_NONE);
    cr_expect_eq(rws__fn_lookup("LOG10", 5), RWS_FN_READ);
    cr_expect_eq(rws__fn_lookup("LOG\x11\x10", 5), RWS_FN_NONE);
}

Test(sql_words, routing_categories)
{
    cr_expect_eq(rws__fn_lookup("last_insert_id", 14), RWS_FN_LAST_INSERT_ID);
    cr_expect_eq(rws__fn_lookup("GET_LOCK", 8), RWS_FN_GET_LOCK);
    cr_expect_eq(rws__fn_lookup("release_all_locks", 17), RWS_FN_RELEASE_LOCK);
    cr_expect_eq(rws__fn_lookup("NextVal", 7), RWS_FN_SEQUENCE);
    cr_expect_eq(rws__fn_lookup("uuid", 4), RWS_FN_VOLATILE);
    cr_expect_eq(rws__fn_lookup("JSON_TABLE", 10), RWS_FN_TABLE_FUNCTION);
    cr_expect_eq(rws__fn_lookup("COUNT", 5), RWS_FN_READ);
    cr_expect_eq(rws__fn_lookup("my_func", 7), RWS_FN_NONE);
}

/* ---- tokens --------------------------------------------------------------------------------- */

/* The tokens of sql as "TYPE:text" separated by spaces, e.g. "I:SELECT N:1". */
static void tokens(const char *sql, bool nbe, char *buf, size_t size, rws_lexer *lx)
{
    static const char types[] = "E;IQSNUVAP";
    rws_tok toks[64];
    rws__lex_init(lx, sql, strlen(sql), nbe);
    size_t n = rws__lex_fill(lx, toks, 64);
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        if (toks[i].type == RWS_TK_EOF)
            break;
        used += (size_t)snprintf(buf + used, size - used, "%s%c:%.*s", i ? " " : "",
                                 types[toks[i].type], (int)toks[i].len, toks[i].p);
    }
}

Test(sql_lexer, token_boundaries)
{
    static const struct {
        const char *sql;
        const char *tokens;
    } cases[] = {
        {"SELECT 1", "I:SELECT N:1"},
        {"  select\t*\nfrom t ; ", "I:select P:* I:from I:t ;:;"},
        {"a.b", "I:a P:. I:b"},
        {"`a``b`.`c`", "Q:a``b P:. Q:c"},
        {"'it''s' \"q\\\"q\"", "S:it''s S:q\\\"q"},
        {"'a\\\\' b", "S:a\\\\ I:b"},
        {"@a @'b c' @`d` @\"e\" @@x @@session.y @@GLOBAL.z", "U:a U:b c U:d U:e V:x V:session.y "
                                                             "V:GLOBAL.z"},
        {"@a:=1", "U:a A::= N:1"},
        {"a := b", "I:a A::= I:b"},
        {"1--1", "N:1 P:- P:- N:1"},
        {"1 -- c\n2", "N:1 N:2"},
        {"1 --\tc\n2", "N:1 N:2"},
        {"1 --", "N:1"},
        {"1 # c\n2", "N:1 N:2"},
        {"1 /* c */ 2", "N:1 N:2"},
        {"1 /*+ hint */ 2", "N:1 N:2"},
        {"1 /*! 2 */ 3", "N:1 N:2 N:3"},
        {"1 /*!50001 2 */ 3", "N:1 N:2 N:3"},
        {"1 /*!100201 2*/ 3", "N:1 N:2 N:3"},
        {"1 /*M!100201 2*/ 3", "N:1 N:2 N:3"},
        {"1 /*M! 2 */ 3", "N:1 N:2 N:3"},
        {"/*! a /* b */ c */ d", "I:a I:c I:d"},
        {"/*! 'x*/y' */ z", "S:x*/y I:z"},
        {"1.5e-3 0x1F 1abc .5 12", "N:1.5e-3 N:0x1F N:1abc P:. N:5 N:12"},
        {"_utf8'x' N'y' X'41'", "I:_utf8 S:x I:N S:y I:X S:41"},
        {"caf\xC3\xA9 \xC3\xA9t\xC3\xA9", "I:caf\xC3\xA9 I:\xC3\xA9t\xC3\xA9"},
        {"$x a$b", "I:$x I:a$b"},
        {"a<=>b!=c", "I:a P:< P:= P:> I:b P:! P:= I:c"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[512];
        rws_lexer lx;
        tokens(cases[i].sql, false, got, sizeof got, &lx);
        cr_expect_str_eq(got, cases[i].tokens, "%s", cases[i].sql);
        cr_expect(!lx.error, "%s: error", cases[i].sql);
    }
}

Test(sql_lexer, keywords_are_looked_up)
{
    rws_lexer lx;
    rws_tok t[8];
    const char *sql = "select `select` Select x.from";
    rws__lex_init(&lx, sql, strlen(sql), false);
    size_t n = rws__lex_fill(&lx, t, 8);
    cr_assert_eq(n, 7u); /* six tokens and the EOF */
    cr_expect_eq(t[0].kw, RWS_KW_SELECT);
    cr_expect_eq(t[1].kw, RWS_KW_NONE); /* a quoted name is never a keyword */
    cr_expect_eq(t[2].kw, RWS_KW_SELECT);
    cr_expect_eq(t[3].kw, RWS_KW_NONE);
    cr_expect_eq(t[5].kw, RWS_KW_FROM); /* the classifier decides what x.from means */
}

Test(sql_lexer, unterminated_is_an_error)
{
    static const char *const bad[] = {"'a",   "\"a",   "`a",  "'a\\'", "'a\\",         "/* a", "/*",
                                      "/*!1", "/*! a", "@'a", "@@`a",  "a /* b */ /*", "`a``"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char got[256];
        rws_lexer lx;
        tokens(bad[i], false, got, sizeof got, &lx);
        cr_expect(lx.error, "[%s] should be an error (tokens %s)", bad[i], got);
    }
}

Test(sql_lexer, no_backslash_escapes)
{
    char got[256];
    rws_lexer lx;
    tokens("'a\\' b '", false, got, sizeof got, &lx);
    cr_expect_str_eq(got, "S:a\\' b ");
    cr_expect(lx.saw_bsq);
    tokens("'a\\' b '", true, got, sizeof got, &lx);
    cr_expect(lx.error); /* 'a\' then b then an unterminated ' */
    tokens("'a\\' b ''", true, got, sizeof got, &lx);
    cr_expect_str_eq(got, "S:a\\ I:b S:");
    tokens("'a\\\\'", false, got, sizeof got, &lx);
    cr_expect(!lx.saw_bsq);
}

Test(sql_lexer, batches_end_at_eof)
{
    rws_lexer lx;
    rws_tok t[4];
    const char *sql = "a b c d e f";
    rws__lex_init(&lx, sql, strlen(sql), false);
    cr_assert_eq(rws__lex_fill(&lx, t, 4), 4u);
    cr_assert_eq(t[3].type, RWS_TK_IDENT);
    cr_assert_eq(rws__lex_fill(&lx, t, 4), 3u);
    cr_assert_eq(t[1].type, RWS_TK_IDENT);
    cr_assert_eq(t[2].type, RWS_TK_EOF);
    cr_assert_eq(rws__lex_fill(&lx, t, 4), 1u);
    cr_assert_eq(t[0].type, RWS_TK_EOF);
}

Test(sql_lexer, hints)
{
    static const struct {
        const char *sql;
        uint32_t hints;
        int lag;
    } cases[] = {
        {"/* rwsplit:primary */", RWS_CF_HINT_PRIMARY, -1},
        {"/*rwsplit:replica*/", RWS_CF_HINT_REPLICA, -1},
        {"-- rwsplit: replica", RWS_CF_HINT_REPLICA, -1},
        {"# RWSPLIT:MASTER", RWS_CF_HINT_PRIMARY, -1},
        {"/* rwsplit:replica,max_lag=5 */", RWS_CF_HINT_REPLICA | RWS_CF_HINT_MAX_LAG, 5},
        {"/* rwsplit:max_lag=5 primary */", RWS_CF_HINT_PRIMARY | RWS_CF_HINT_MAX_LAG, 5},
        {"/* x rwsplit:primary y rwsplit:max_lag=7 */", RWS_CF_HINT_PRIMARY | RWS_CF_HINT_MAX_LAG,
         7},
        {"/* rwsplit primary */", 0, -1},
        {"/* rwsplit:prim */", 0, -1},
        {"'rwsplit:primary'", 0, -1},
        {"`rwsplit:primary`", 0, -1},
        {"/*! rwsplit:primary */", 0, -1},
        {"/*rwsplit:", 0, -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[256];
        rws_lexer lx;
        tokens(cases[i].sql, false, got, sizeof got, &lx);
        cr_expect_eq(lx.hints, cases[i].hints, "%s: hints 0x%x", cases[i].sql, lx.hints);
        cr_expect_eq(lx.max_lag_ms, cases[i].lag, "%s: lag %d", cases[i].sql, lx.max_lag_ms);
    }
}
