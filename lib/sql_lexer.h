/* A single-pass lexer over MySQL/MariaDB SQL text, for the classifier.
 *
 * It never allocates and never copies: a token is a pointer into the text and a length. It knows
 * the comment forms (`-- `, `#`, C comments, optimizer hints `/x+ x/`), executable comments
 * (`/x! x/`, `/x!NNNNN x/`, MariaDB's `/xM!NNNNNN x/`: their content is lexed as SQL), strings with
 * backslash and doubled-quote escapes, backquoted names, user and system variables. Keywords are
 * looked up once per identifier (sql_words.h). `rwsplit:` routing hints found in comments are
 * collected on the lexer. Unterminated strings, names and comments set `error`. */
#ifndef RWS_SQL_LEXER_H
#define RWS_SQL_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sql_words.h"

enum rws_tok_type {
    RWS_TK_EOF = 0, /* end of text (or an error: see rws_lexer.error) */
    RWS_TK_SEMI,    /* ';' (so that "end of statement" is one compare: type <= RWS_TK_SEMI) */
    RWS_TK_IDENT,   /* bare word; kw is its keyword id or RWS_KW_NONE */
    RWS_TK_QIDENT,  /* `backquoted` name; p/len inside the quotes */
    RWS_TK_STRING,  /* '...' or "..." (ch is the quote); p/len inside the quotes */
    RWS_TK_NUMBER,  /* 12, 1.5e3, 0x1F, also a name that starts with a digit (1abc) */
    RWS_TK_USERVAR, /* @name, @'name', @`name`; p/len after the '@' */
    RWS_TK_SYSVAR,  /* @@name, @@session.name ...; p/len after the "@@" */
    RWS_TK_ASSIGN,  /* ":=" */
    RWS_TK_PUNCT    /* one character, in ch */
};

/* 16 bytes. A token longer than 4 GiB has its length truncated (it still lies in the text). */
typedef struct rws_tok {
    const char *p; /* into the text */
    uint32_t len;
    uint8_t type; /* enum rws_tok_type */
    char ch;      /* RWS_TK_PUNCT: the character; RWS_TK_STRING: the quote */
    uint16_t kw;  /* RWS_TK_IDENT: enum rws_kw; RWS_KW_NONE for every other type */
} rws_tok;

/* Hint bits collected from comments (the same values as the public RWS_CF_HINT_* flags). */
typedef struct rws_lexer {
    const char *p;        /* next byte to read */
    const char *end;      /* one past the last byte */
    const char *text_end; /* one past the last byte that is not white space */
    const char *name_end; /* one past the last byte that cannot be in a name: a name that starts
                           * before it ends before it, so its loop needs no bounds check
                           * (with SSE2: the start of the text, unused) */
    unsigned exec_depth;  /* inside how many executable comments */
    uint32_t hints;       /* RWS_CF_HINT_PRIMARY / _REPLICA / _MAX_LAG */
    int max_lag_ms;       /* from rwsplit:max_lag=N, else -1 */
    bool nbe;             /* lex as with sql_mode NO_BACKSLASH_ESCAPES */
    bool saw_bsq;         /* a string had a backslash before its quote: meaning depends on nbe */
    bool error;           /* unterminated string, name or comment */
} rws_lexer;

/* Start lexing text[0..len). With nbe, a backslash in a string is an ordinary character. */
void rws__lex_init(rws_lexer *lx, const char *text, size_t len, bool nbe);

/* Lex up to n tokens into toks; returns how many. The last one is RWS_TK_EOF when the text (or
 * an error) ended the batch; a batch never goes past an EOF token. n must be at least 1. */
size_t rws__lex_fill(rws_lexer *lx, rws_tok *toks, size_t n);

#endif
