/* The one option table: every setting of a cluster, its type, default and range. The libconfig
 * loader (config.c) and rws_cluster_set() both go through rws__options_set(), so a file and code
 * cannot drift apart. */
#ifndef RWS_OPTIONS_H
#define RWS_OPTIONS_H

#include "internal.h"

typedef enum rws_consistency {
    RWS_CONSISTENCY_EVENTUAL = 0,
    RWS_CONSISTENCY_SESSION = 1,
    RWS_CONSISTENCY_STRONG = 2
} rws_consistency;

typedef enum rws_lag_method {
    RWS_LAG_HEARTBEAT = 0,
    RWS_LAG_GTID = 1,
    RWS_LAG_REPLICA_STATUS = 2
} rws_lag_method;

typedef enum rws_fallback { RWS_FALLBACK_PRIMARY = 0, RWS_FALLBACK_ERROR = 1 } rws_fallback;

typedef enum rws_balance {
    RWS_BALANCE_ROUND_ROBIN = 0,
    RWS_BALANCE_RANDOM = 1,
    RWS_BALANCE_LEAST_LAG = 2,
    RWS_BALANCE_LEAST_LATENCY = 3
} rws_balance;

typedef enum rws_tls_mode {
    RWS_TLS_DISABLED = 0,
    RWS_TLS_PREFERRED = 1,
    RWS_TLS_REQUIRED = 2,
    RWS_TLS_VERIFY_CA = 3,
    RWS_TLS_VERIFY_IDENTITY = 4
} rws_tls_mode;

/* Credentials: the password comes from exactly one of password, password_file, password_env. */
typedef struct rws_credentials {
    char *user;
    char *password;
    char *password_file;
    char *password_env;
} rws_credentials;

typedef struct rws_options {
    rws_credentials auth;        /* user, password, password_file, password_env */
    char *database;              /* default database, may be NULL */
    char *charset;               /* default "utf8mb4" */
    rws_credentials monitor;     /* monitor.user ... ; user NULL means: same as auth */
    int monitor_interval_ms;     /* 500, 10..60000 */
    rws_lag_method lag_method;   /* "heartbeat" */
    char *heartbeat_table;       /* "rwsplit_heartbeat" (may be "schema.table") */
    int max_lag_ms;              /* 1000, 0..86400000 */
    rws_fallback fallback;       /* "primary" */
    rws_consistency consistency; /* "session" */
    int causal_wait_ms;          /* 200, 0..60000 */
    int sticky_after_write_ms;   /* 0 (off), 0..3600000 */
    rws_balance balance;         /* "round_robin" */
    int connect_timeout_ms;      /* 2000, 1..600000 */
    int read_timeout_ms;         /* 10000, 1..86400000 */
    int write_timeout_ms;        /* 10000, 1..86400000 */
    int backoff_start_ms; /* 100, 1..600000: first wait before reconnecting to a failed backend */
    int backoff_max_ms;   /* 10000, 1..3600000 */
    int retry_reads;      /* bool, true: retry failed autocommit reads elsewhere */
    int follow_primary;   /* bool, false */
    int session_history_max; /* 256, 1..100000: session commands kept for replay */
    int pool_max_idle;       /* 16, 0..100000: idle connections kept per cluster */
    int multi_statements;    /* bool, true: CLIENT_MULTI_STATEMENTS on backend connections */
    rws_log_level log_level; /* "warning" (values: the public rws_log_level) */
    struct {
        rws_tls_mode mode; /* "disabled" */
        char *ca, *capath, *cert, *key, *cipher, *crl;
    } tls;
} rws_options;

/* Per-backend settings from the file or from rws_cluster_add_*(). */

typedef struct rws_backend_spec {
    rws_role role;
    char *name;             /* "host:port" or the socket path if not given */
    char *host;             /* NULL or "" with socket */
    unsigned port;          /* 3306 by default */
    char *socket;           /* unix socket path or NULL */
    unsigned weight;        /* 1..1000, default 1 */
    int connect_timeout_ms; /* -1: the cluster's */
    int read_timeout_ms;    /* -1: the cluster's */
    int write_timeout_ms;   /* -1: the cluster's */
    int line;               /* line in the configuration file, 0 if set in code */
} rws_backend_spec;

/* Fill every field with its default (strings are heap copies). */
rws_code rws__options_init(rws_options *o);
/* Free every string and zero the struct. */
void rws__options_free(rws_options *o);
/* Deep copy; dst must be uninitialised or freed. */
rws_code rws__options_copy(rws_options *dst, const rws_options *src);

/* Set an option from its text form ("200", "true", "session", a path...). On failure returns
 * RWS_ERR_CONFIG and writes into err a message such as
 * "unknown option 'max_lagms' (did you mean 'max_lag_ms'?)" or
 * "max_lag_ms: 'abc' is not an integer (0..86400000)". */
rws_code rws__options_set(rws_options *o, const char *name, const char *value, char *err,
                          size_t errlen);

/* Free the strings of a backend spec. */
void rws__backend_spec_free(rws_backend_spec *b);

/* The password after resolving password / password_file / password_env (malloc'd copy in *out,
 * may be NULL when no password is set). */
rws_code rws__credentials_password(const rws_credentials *c, char **out, char *err, size_t errlen);
/* Rules: at most one of password, password_file, password_env is set (else RWS_ERR_CONFIG naming
 * the two); password_file: its first line without the line ending (unreadable file: error naming
 * the file and the errno text; empty: error); password_env: the variable's value (unset or empty:
 * error naming it). Messages never contain the password. */

/* strerror() that is thread-safe: the text for errno value e (may be written into buf). */
const char *rws__errno_text(int e, char *buf, size_t len);

/* Overwrite a secret (a password) with zeros, then free it. NULL is a no-op. */
void rws__secret_free(char *s);

/* The table itself, for the configuration loader and documentation: */
int rws__options_exists(const char *name);
/* What rws__options_type() returns (-1 for an unknown name). */
typedef enum rws_opt_type {
    RWS_OPT_STRING = 0, /* any text; also paths and names */
    RWS_OPT_INT = 1,    /* a whole number within [min, max] */
    RWS_OPT_BOOL = 2,   /* true / false (also yes/no, on/off, 1/0 as text) */
    RWS_OPT_ENUM = 3    /* one word from a fixed list */
} rws_opt_type;
/* 0 string, 1 integer, 2 boolean, 3 word from a list; -1 unknown name. */
int rws__options_type(const char *name);
/* The closest valid option name to a misspelt one, or NULL if none is close. */
const char *rws__options_closest(const char *name);
size_t rws__options_count(void);
const char *rws__options_name(size_t i);

/* What an option accepts, as text for messages: "an integer (0..86400000)", "a boolean (true or
 * false)", "one of \"eventual\", \"session\", \"strong\"", "a string". Returns the length
 * written; 0 (and "") for an unknown name. */
size_t rws__options_expected(const char *name, char *buf, size_t len);
/* The range of an integer option; returns 0, or -1 if name is not an integer option. */
int rws__options_range(const char *name, long *min, long *max);
/* The default in text form ("500", "true", "session"), or NULL when there is none. */
const char *rws__options_default(const char *name);
/* Non-zero if the option holds a secret whose value must never appear in a message. */
int rws__options_secret(const char *name);
/* Non-zero if name is a group of dotted options: "tls" (tls.mode, ...), "monitor". */
int rws__options_is_group(const char *name);
/* The current value of an option in text form (the form rws__options_set() takes; "" for an unset
 * string). A secret that is set reads "(hidden)": this never returns a password. Returns
 * RWS_OK, or RWS_ERR_CONFIG for an unknown name. */
rws_code rws__options_get(const rws_options *o, const char *name, char *buf, size_t len);
/* The closest of words[] (NULL-terminated) to a misspelt name, by the same rule as
 * rws__options_closest(); NULL if none is close. For keys that are not options (backend keys). */
const char *rws__closest_word(const char *name, const char *const *words);

/* Limits of a backend spec, shared by rws__cluster_add_spec() and the configuration loader. */
#define RWS_PORT_MIN   1
#define RWS_PORT_MAX   65535
#define RWS_WEIGHT_MIN 1
#define RWS_WEIGHT_MAX 1000
#endif
