/**
 * @file rwsplit.h
 * @brief librwsplit: one handle over a MySQL/MariaDB primary and its replicas.
 *
 * An application that used one `MYSQL *` uses one ::rws_conn instead. Writes go to the primary,
 * reads go to a replica whose replication lag is within bounds, and everything that must stay on
 * one server (transactions, temporary tables, locks, session variables) stays there. Results come
 * back as the connector's own `MYSQL_RES *` and `MYSQL_STMT *`.
 *
 * ## Threads
 * The library is thread-safe. An ::rws_cluster is shared by every thread and locks internally. An
 * ::rws_conn (and every ::rws_stmt made from it) is used by one thread at a time, like a `MYSQL *`;
 * different connections can be used concurrently. Call rws_library_init() once before starting
 * threads, or let rws_cluster_new() do it (it is guarded by a once-flag).
 *
 * ## Ownership
 * What the caller receives non-const it frees with the matching call (rws_cluster_free(),
 * rws_conn_close(), rws_stmt_close(), `mysql_free_result()`). A `const char *` returned by the
 * library belongs to the handle it came from and stays valid until the next call on that handle.
 * Strings passed in are copied. Every `*_free(NULL)` / `*_close(NULL)` is a no-op.
 *
 * ## Errors
 * Fallible calls return an ::rws_code (::RWS_OK is 0). The reason is on the handle:
 * rws_errcode(), rws_error() (text), rws_backend_errno() and rws_sqlstate() (the server's own error,
 * passed through). rws_strerror() gives the static text of a code. The codes never overlap
 * MySQL's error numbers (1000-5999).
 */
#ifndef RWSPLIT_H
#define RWSPLIT_H

#include <stddef.h>
#include <stdint.h>

#include <mysql.h>

#include "rwsplit_version.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Marks a declaration as part of the exported API (default visibility). */
#if defined(_WIN32)
#define RWS_API
#elif defined(__GNUC__)
#define RWS_API __attribute__((visibility("default")))
#else
#define RWS_API
#endif

/* ============================================================================================
 * Version
 * ========================================================================================== */

/**
 * @brief The library's version as a number, `MAJOR * 10000 + MINOR * 100 + PATCH`.
 *
 * Compare it with ::RWS_VERSION_NUM (the header's version) to detect a mismatch at run time.
 * @return the version of the library actually loaded. Thread-safe.
 * @since 0.1.0
 */
RWS_API unsigned rws_version_num(void);

/**
 * @brief The library's version as text, "MAJOR.MINOR.PATCH". Static storage. Thread-safe.
 * @since 0.1.0
 */
RWS_API const char *rws_version(void);

/* ============================================================================================
 * Result codes
 * ========================================================================================== */

/**
 * @brief Result of a fallible call. ::RWS_OK is 0; values are appended, never renumbered.
 * @since 0.1.0
 */
typedef enum rws_code {
    RWS_OK = 0,                   /**< Success. */
    RWS_ERR_INVALID = 1,          /**< A bad argument or a call out of sequence. */
    RWS_ERR_NOMEM = 2,            /**< Out of memory. */
    RWS_ERR_CONFIG = 3,           /**< The configuration is invalid (see rws_error()). */
    RWS_ERR_SERVER = 4,           /**< The server refused the statement; see rws_backend_errno(). */
    RWS_ERR_CONNECT = 5,          /**< A backend could not be reached or refused the login. */
    RWS_ERR_CONNECTION_LOST = 6,  /**< The connection broke during a statement that is not retried. */
    RWS_ERR_PRIMARY_DOWN = 7,     /**< The primary is unavailable: writes cannot run now. */
    RWS_ERR_NO_REPLICA = 8,       /**< No eligible replica and `fallback = "error"`. */
    RWS_ERR_STATE_LOST = 9,       /**< A reconnect lost session state that cannot be replayed. */
    RWS_ERR_TIMEOUT = 10,         /**< A backend did not answer in time. */
    RWS_ERR_TLS = 11,             /**< TLS could not be established as configured. */
    RWS_ERR_TOKEN = 12,           /**< A causal token could not be parsed. */
    RWS_ERR_NOT_SUPPORTED = 13,   /**< The server lacks a feature the call needs. */
    RWS_ERR_INTERNAL = 14         /**< A bug in librwsplit; please report it. */
} rws_code;

/**
 * @brief Static English text for a code, e.g. "the primary is unavailable". Never NULL.
 * Thread-safe.
 * @since 0.1.0
 */
RWS_API const char *rws_strerror(rws_code code);

/* ============================================================================================
 * Library initialisation
 * ========================================================================================== */

/**
 * @brief Initialise the library and MariaDB Connector/C. Safe to call many times and from many
 * threads (a once-flag guards `mysql_library_init`, which is not thread-safe itself).
 *
 * rws_cluster_new() calls it; call it yourself only if you also use Connector/C directly before
 * creating a cluster.
 * @return ::RWS_OK, or ::RWS_ERR_INTERNAL if Connector/C failed to initialise.
 * @since 0.1.0
 */
RWS_API rws_code rws_library_init(void);

/* ============================================================================================
 * SQL classification (pure: no I/O, no heap allocation)
 * ========================================================================================== */

/**
 * @brief Where a statement must run.
 * @since 0.1.0
 */
typedef enum rws_route {
    RWS_ROUTE_PRIMARY = 0, /**< Writes or may write, or depends on the primary session. */
    RWS_ROUTE_REPLICA = 1, /**< Certainly harmless: may run on any eligible replica. */
    RWS_ROUTE_ALL = 2      /**< Session command: every open connection, replayed on new ones. */
} rws_route;

/**
 * @brief Why the classifier chose a route. Values are appended, never renumbered.
 * rws_reason_text() gives a short text.
 * @since 0.1.0
 */
typedef enum rws_reason {
    RWS_REASON_UNKNOWN = 0,          /**< Not recognised: primary, the safe default. */
    RWS_REASON_EMPTY,                /**< Only whitespace and comments. */
    RWS_REASON_READ,                 /**< SELECT / WITH ... SELECT / VALUES / TABLE without side effects. */
    RWS_REASON_SHOW,                 /**< SHOW that reads replicated state. */
    RWS_REASON_SHOW_PRIMARY,         /**< SHOW MASTER STATUS / BINARY LOGS / BINLOG EVENTS. */
    RWS_REASON_SHOW_DIAGNOSTICS,     /**< SHOW WARNINGS / ERRORS / COUNT(*) of them: where the previous ran. */
    RWS_REASON_EXPLAIN_READ,         /**< DESCRIBE / DESC / EXPLAIN of a read, or of a table. */
    RWS_REASON_DML,                  /**< INSERT / UPDATE / DELETE / REPLACE / MERGE-like writes. */
    RWS_REASON_DDL,                  /**< CREATE / ALTER / DROP / RENAME / TRUNCATE. */
    RWS_REASON_DCL,                  /**< GRANT / REVOKE / users and roles. */
    RWS_REASON_ADMIN,                /**< FLUSH / KILL / ANALYZE / OPTIMIZE / REPAIR / CHECK / INSTALL / ... */
    RWS_REASON_CALL,                 /**< CALL / DO: may write. */
    RWS_REASON_LOAD,                 /**< LOAD DATA / LOAD XML. */
    RWS_REASON_HANDLER,              /**< HANDLER: cursor bound to the session. */
    RWS_REASON_LOCK_TABLES,          /**< LOCK TABLES / UNLOCK TABLES. */
    RWS_REASON_XA,                   /**< XA transactions. */
    RWS_REASON_TRX_BEGIN,            /**< BEGIN / START TRANSACTION [READ WRITE | WITH CONSISTENT SNAPSHOT]. */
    RWS_REASON_TRX_READ_ONLY,        /**< START TRANSACTION READ ONLY: the whole transaction on one replica. */
    RWS_REASON_TRX_END,              /**< COMMIT / ROLLBACK [AND [NO] CHAIN] [[NO] RELEASE]. */
    RWS_REASON_SET_GLOBAL,           /**< SET GLOBAL / SET PASSWORD / SET ROLE DEFAULT ... server state. */
    RWS_REASON_SESSION_SET,          /**< SET of session or user variables, NAMES, CHARACTER SET, TRANSACTION. */
    RWS_REASON_USE,                  /**< USE db. */
    RWS_REASON_AUTOCOMMIT,           /**< SET autocommit (the flags say on or off). */
    RWS_REASON_LOCKING_READ,         /**< SELECT ... FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE ... */
    RWS_REASON_SELECT_INTO,          /**< SELECT ... INTO OUTFILE / DUMPFILE / @var. */
    RWS_REASON_USER_VAR_ASSIGN,      /**< `:=` assigns a user variable. */
    RWS_REASON_SESSION_FUNCTION,     /**< LAST_INSERT_ID(), ROW_COUNT(), FOUND_ROWS() ...: primary session state. */
    RWS_REASON_LOCK_FUNCTION,        /**< GET_LOCK() and the other named-lock functions. */
    RWS_REASON_SEQUENCE,             /**< NEXTVAL / LASTVAL / SETVAL / NEXT VALUE FOR / PREVIOUS VALUE FOR. */
    RWS_REASON_SIDE_EFFECT_FUNCTION, /**< A function with side effects (SLEEP is not one; see docs). */
    RWS_REASON_MULTI_WRITE,          /**< A multi-statement with a part that must run on the primary. */
    RWS_REASON_MULTI_SESSION,        /**< A multi-statement mixing session commands with other parts. */
    RWS_REASON_PREPARE,              /**< PREPARE / EXECUTE / DEALLOCATE: SQL-level prepared statements. */
    RWS_REASON_HINT_PRIMARY,         /**< A `rwsplit:primary` hint. */
    RWS_REASON_HINT_REPLICA_WRITE,   /**< A `rwsplit:replica` hint on a write: ignored, primary. */
    RWS_REASON_TEMP_TABLE,           /**< Names a temporary table (set by the router, not the classifier). */
    RWS_REASON_SYNTAX,               /**< Unterminated string, comment or identifier: primary. */
    /**
     * Calls a function that is not a known built-in (`f(x)`, `db.f(x)`, `` `f`(x) ``): a stored
     * function or a UDF may write, so the statement goes to the primary. A `rwsplit:replica`
     * hint vouches that the function only reads: the route is then replica with
     * ::RWS_REASON_HINT_REPLICA. @since 0.1.0
     */
    RWS_REASON_STORED_FUNCTION,
    /** A `rwsplit:replica` hint on a statement that was primary only for calling a function that
     *  is not a known built-in (::RWS_REASON_STORED_FUNCTION): replica. @since 0.1.0 */
    RWS_REASON_HINT_REPLICA,
    /**
     * A compound statement or a stored program: `BEGIN NOT ATOMIC ... END`, `IF ... END IF`,
     * `label: LOOP`, `CREATE PROCEDURE ... BEGIN ... END` (reason DDL for the latter). Its body
     * holds `;`s, so the rest of the text is taken as part of it (::RWS_CF_WRITE). @since 0.1.0
     */
    RWS_REASON_COMPOUND,
    /** SAVEPOINT / ROLLBACK TO [SAVEPOINT] / RELEASE SAVEPOINT: primary; the transaction stays
     *  open (no ::RWS_CF_TRX_END). @since 0.1.0 */
    RWS_REASON_SAVEPOINT
} rws_reason;

/** @name Classification flags (rws_classification::flags)
 *  @{ */
#define RWS_CF_WRITE (1u << 0)            /**< May change data or schema. */
#define RWS_CF_LOCKING_READ (1u << 1)     /**< Takes row locks. */
#define RWS_CF_SESSION (1u << 2)          /**< Session command (route ::RWS_ROUTE_ALL). */
#define RWS_CF_TRX_BEGIN (1u << 3)        /**< Opens a transaction. */
#define RWS_CF_TRX_END (1u << 4)          /**< COMMIT or ROLLBACK (not TO SAVEPOINT). */
#define RWS_CF_TRX_READ_ONLY (1u << 5)    /**< With ::RWS_CF_TRX_BEGIN: READ ONLY. */
#define RWS_CF_TEMP_CREATE (1u << 6)      /**< CREATE TEMPORARY TABLE; name in temp_table. */
#define RWS_CF_TEMP_DROP (1u << 7)        /**< DROP TEMPORARY TABLE; names in tables. */
#define RWS_CF_LOCK_TABLES (1u << 8)      /**< LOCK TABLE(S). */
#define RWS_CF_UNLOCK_TABLES (1u << 9)    /**< UNLOCK TABLES. */
#define RWS_CF_NAMED_LOCK (1u << 10)      /**< Calls GET_LOCK() (may take a named lock). */
#define RWS_CF_NAMED_UNLOCK (1u << 11)    /**< Calls RELEASE_LOCK() / RELEASE_ALL_LOCKS(). */
#define RWS_CF_AUTOCOMMIT_OFF (1u << 12)  /**< SET autocommit = 0. */
#define RWS_CF_AUTOCOMMIT_ON (1u << 13)   /**< SET autocommit = 1. */
#define RWS_CF_USE_DB (1u << 14)          /**< USE db; name in tables[0]. */
#define RWS_CF_FOLLOW_PREVIOUS (1u << 15) /**< Must go where the previous statement ran. */
#define RWS_CF_MULTI (1u << 16)           /**< More than one statement. */
#define RWS_CF_HINT_PRIMARY (1u << 17)    /**< `rwsplit:primary` hint found. */
#define RWS_CF_HINT_REPLICA (1u << 18)    /**< `rwsplit:replica` hint found. */
#define RWS_CF_HINT_MAX_LAG (1u << 19)    /**< `rwsplit:max_lag=N` hint found; value in max_lag_ms. */
#define RWS_CF_IMPLICIT_COMMIT (1u << 20) /**< Commits an open transaction implicitly (DDL...). */
#define RWS_CF_LAST_INSERT_ID (1u << 21)  /**< Reads LAST_INSERT_ID() or @@insert_id / @@identity. */
#define RWS_CF_SESSION_TRACKING (1u << 22)/**< SET of a variable the library itself relies on. */
#define RWS_CF_DDL_TEMP_SCOPE (1u << 23)  /**< DROP TABLE / ALTER / TRUNCATE: check names against temps. */
/**
 * Reads a user variable (`@name`). A variable set by a session command (`SET @a = 1`, route
 * ::RWS_ROUTE_ALL) exists on every backend; one assigned on the primary only (see
 * ::RWS_CF_USER_VAR_WRITE) does not, so after such an assignment a statement with this flag
 * belongs on the primary. @since 0.1.0
 */
#define RWS_CF_USER_VAR_READ (1u << 24)
/**
 * Assigns user variables only where the statement runs: `SELECT @a := 1`, `SELECT ... INTO @a`,
 * `GET DIAGNOSTICS @n = NUMBER`, `CALL` (OUT parameters, SET inside the procedure), or a
 * `SET @a = ...` routed to the primary (its value calls a function with side effects, or the SET
 * has a GLOBAL part). Those variables differ between backends from then on. @since 0.1.0
 */
#define RWS_CF_USER_VAR_WRITE (1u << 25)
/** @} */

/** Maximum number of table names reported in rws_classification::tables. */
#define RWS_CLASSIFY_MAX_TABLES 16

/**
 * @brief A name in the classified text: a pointer into the caller's buffer and a length,
 * without quotes (a backquoted name points inside its quotes). Not NUL-terminated.
 * @since 0.1.0
 */
typedef struct rws_name {
    const char *ptr; /**< Into the classified SQL text; NULL if absent. */
    size_t len;      /**< Length in bytes. */
} rws_name;

/**
 * @brief What rws_classify() found. Every pointer points into the classified text and is valid
 * as long as that text is.
 * @since 0.1.0
 */
typedef struct rws_classification {
    rws_route route;     /**< Where the statement must run. */
    rws_reason reason;   /**< Why; see rws_reason_text(). */
    uint32_t flags;      /**< `RWS_CF_*` bits. */
    unsigned statements; /**< Number of top-level statements (0 for empty text). */
    int max_lag_ms;      /**< From a `rwsplit:max_lag=N` hint, else -1. */
    rws_name temp_table; /**< CREATE TEMPORARY TABLE's name (with ::RWS_CF_TEMP_CREATE). */
    unsigned ntables;    /**< Entries used in tables (at most ::RWS_CLASSIFY_MAX_TABLES). */
    int tables_truncated;/**< Non-zero if more tables were named than reported. */
    rws_name tables[RWS_CLASSIFY_MAX_TABLES]; /**< Tables named (last part of a qualified name). */
} rws_classification;

/**
 * @brief Classify SQL text: which server it must run on, why, and what it does to the session.
 *
 * A real lexer over MySQL/MariaDB syntax (comments, executable comments, strings, backquoted
 * names, multi-statements). Pure: no I/O, no heap allocation, no global state. A statement is
 * ::RWS_ROUTE_REPLICA only when it is certainly harmless; what is not recognised goes to the
 * primary (::RWS_REASON_UNKNOWN). docs/routing.md lists every rule.
 *
 * Multi-statements (split on top-level `;`): flags are the union over the parts and `tables`
 * the names of all parts; any part for the primary makes it primary (::RWS_REASON_MULTI_WRITE),
 * session commands mixed with reads make it primary too (::RWS_REASON_MULTI_SESSION, the
 * ::RWS_CF_SESSION flags kept). With ::RWS_CF_USE_DB, tables[0] is the database of the last
 * `USE`. Routing hints in comments (`rwsplit:primary`, `rwsplit:replica`, `rwsplit:max_lag=N`)
 * apply to the whole text. Entries of `tables` past `ntables` are unspecified.
 *
 * Strings are lexed with backslash escapes; when a string has a backslash before its quote, the
 * text is also read as with sql_mode NO_BACKSLASH_ESCAPES, and if that reading must go to the
 * primary, so does the statement.
 * @param sql  the text; need not be NUL-terminated. NULL is taken for an empty text.
 * @param len  its length in bytes.
 * @param out  receives the result; must not be NULL.
 * @return the route (also stored in `out->route`).
 * Thread-safe; reentrant.
 * @since 0.1.0
 */
RWS_API rws_route rws_classify(const char *sql, size_t len, rws_classification *out);

/** @brief "primary", "replica" or "all". Static storage. @since 0.1.0 */
RWS_API const char *rws_route_name(rws_route route);

/** @brief A short text for a reason, e.g. "SELECT without side effects". Static. @since 0.1.0 */
RWS_API const char *rws_reason_text(rws_reason reason);

/* ============================================================================================
 * The cluster: configuration, topology, monitor, statistics, pool. Shared by every thread.
 * ========================================================================================== */

/** @brief The shared object: one per set of servers. Opaque. @since 0.1.0 */
typedef struct rws_cluster rws_cluster;

/** @brief One application session over the cluster, used by one thread at a time. @since 0.1.0 */
typedef struct rws_conn rws_conn;

/** @brief A prepared statement on an ::rws_conn. @since 0.1.0 */
typedef struct rws_stmt rws_stmt;

/** @brief A backend's role. @since 0.1.0 */
typedef enum rws_role {
    RWS_ROLE_PRIMARY = 0, /**< Takes writes. */
    RWS_ROLE_REPLICA = 1  /**< Serves reads within the lag bound. */
} rws_role;

/** @brief Severity of a log message. @since 0.1.0 */
typedef enum rws_log_level {
    RWS_LOG_LEVEL_DEBUG = 0,   /**< Routing details; very verbose. */
    RWS_LOG_LEVEL_INFO = 1,    /**< Start-up, configuration, recoveries. */
    RWS_LOG_LEVEL_WARNING = 2, /**< A backend went down or lags, a fallback was taken. */
    RWS_LOG_LEVEL_ERROR = 3,   /**< Something the operator must fix. */
    RWS_LOG_LEVEL_NONE = 4     /**< As a threshold: log nothing. */
} rws_log_level;

/**
 * @brief Receives the library's log messages. @p message is one line without a newline, owned by
 * the library for the duration of the call, and never contains a password. Called from any thread
 * (the monitor's, or the one using a connection): it must be thread-safe and must not call back
 * into the cluster.
 * @since 0.1.0
 */
typedef void (*rws_log_fn)(void *userdata, rws_log_level level, const char *message);

/**
 * @brief Create an empty cluster: default options, no backends.
 *
 * Add backends with rws_cluster_add_primary() / rws_cluster_add_replica(), set options with
 * rws_cluster_set(), then open connections (the first open starts the cluster).
 * @return a new handle, or NULL if out of memory or Connector/C failed to initialise. The
 * caller frees it with rws_cluster_free().
 * @since 0.1.0
 */
RWS_API rws_cluster *rws_cluster_new(void);

/**
 * @brief Create a cluster from a libconfig file (see docs/configuration.md).
 *
 * Like `sqlite3_open`, a handle is returned in @p out even when loading fails, so that the reason
 * can be read with rws_cluster_error(); the caller frees it in both cases. Every problem in the
 * file is reported, one per line, as `FILE:LINE: what is wrong`. Nothing is started.
 * When loading fails nothing of the file is applied: the handle holds no backends and serves
 * only to read the error (rws_cluster_errcode() returns the code); free it. Warnings (a file
 * that holds a password and is readable by group or others) are written to stderr.
 * @param path  the file; NULL means the `RWSPLIT_CONFIG` environment variable.
 * @param out   receives the handle (NULL only when out of memory).
 * @return ::RWS_OK, ::RWS_ERR_CONFIG, ::RWS_ERR_INVALID or ::RWS_ERR_NOMEM.
 * @since 0.1.0
 */
RWS_API rws_code rws_cluster_load(const char *path, rws_cluster **out);

/**
 * @brief Set one option by name, as text, through the same table the configuration file uses
 * (so `rws_cluster_set(c, "max_lag_ms", "200")` equals `max_lag_ms = 200;` in the file; nested
 * keys are dotted: "tls.mode", "monitor.user").
 * @return ::RWS_OK, ::RWS_ERR_CONFIG with the reason on the handle (unknown name with the closest
 * valid one, wrong type, out of range). The value is copied.
 * Thread rules: only before the cluster starts, from one thread; afterwards ::RWS_ERR_INVALID
 * (use rws_cluster_reload()).
 * @since 0.1.0
 */
RWS_API rws_code rws_cluster_set(rws_cluster *cluster, const char *name, const char *value);

/**
 * @brief Add the primary.
 * @param cluster  the cluster, not started yet.
 * @param name  a label used in logs, statistics and traces; NULL means "host:port".
 * @param host  a host name or address; one starting with '/' is a unix socket path.
 * @param port  the TCP port (1-65535); ignored for a socket.
 * @return ::RWS_OK, ::RWS_ERR_INVALID (second primary, duplicate, bad port), ::RWS_ERR_NOMEM.
 * Before the cluster starts, from one thread.
 * @since 0.1.0
 */
RWS_API rws_code rws_cluster_add_primary(rws_cluster *cluster, const char *name, const char *host,
                                         unsigned port);

/**
 * @brief Add a replica. Same rules as rws_cluster_add_primary(); @p weight (1-1000, 0 means 1)
 * scales its share of reads.
 * @since 0.1.0
 */
RWS_API rws_code rws_cluster_add_replica(rws_cluster *cluster, const char *name, const char *host,
                                         unsigned port, unsigned weight);

/**
 * @brief Validate the configuration, probe every backend once (bounded by the connect timeout),
 * and start the monitor. rws_conn_open() calls it on first use.
 * @return ::RWS_OK (also when some backends are down: they are marked so), ::RWS_ERR_CONFIG
 * (e.g. no primary), ::RWS_ERR_CONNECT when a backend refuses the login (wrong user or password),
 * with the reason on the handle. Thread-safe; idempotent.
 * @since 0.1.0
 */
RWS_API rws_code rws_cluster_start(rws_cluster *cluster);

/**
 * @brief Stop the monitor, close pooled connections and free the cluster. Every ::rws_conn of
 * this cluster must be closed first. NULL is a no-op.
 * @since 0.1.0
 */
RWS_API void rws_cluster_free(rws_cluster *cluster);

/**
 * @brief Send log messages at or above the option `log_level` (default "warning") to @p fn instead
 * of standard error; @p fn NULL silences the library. Every state change of a backend (up, down,
 * lagging, caught up, new primary) is logged once, at warning level or, for recoveries, info.
 * Before the cluster starts, from one thread.
 * @since 0.1.0
 */
RWS_API void rws_cluster_set_logger(rws_cluster *cluster, rws_log_fn fn, void *userdata);

/**
 * @brief Apply a changed configuration file to the running cluster without dropping open
 * connections: replicas added (they take reads once the monitor has checked them), removed
 * (sessions let their links go; a transaction running there fails), re-weighted; and the
 * limits: monitor_interval_ms, max_lag_ms, fallback, consistency, causal_wait_ms,
 * sticky_after_write_ms, balance, the timeouts, backoff_start_ms, backoff_max_ms, retry_reads,
 * follow_primary, session_history_max, pool_max_idle, log_level. Connections follow the new
 * limits at once, except settings they changed for themselves with rws_conn_set().
 *
 * A file that is invalid, or that changes anything else (credentials, database, charset, TLS,
 * the monitor's account, lag_method, heartbeat_table, multi_statements, the primary), is refused
 * whole with ::RWS_ERR_CONFIG and the reason on the handle: the running configuration stays as
 * it was. At most 64 backends can exist over the life of a cluster (removed ones count).
 * @param cluster  a started cluster.
 * @param path     the file; NULL means the file it was loaded from.
 * @return ::RWS_OK, ::RWS_ERR_CONFIG, ::RWS_ERR_INVALID (not started, no file) or ::RWS_ERR_NOMEM.
 * Thread-safe: reloads are serialised; connections keep working meanwhile.
 * @since 0.1.0
 */
RWS_API rws_code rws_cluster_reload(rws_cluster *cluster, const char *path);

/** @brief Last error code on the cluster handle: of the last failing call that was about the
 *  cluster rather than a connection (load, set, add, start, reload, connect_backend). Shared by
 *  every thread: read it right after the failing call. @since 0.1.0 */
RWS_API rws_code rws_cluster_errcode(const rws_cluster *cluster);

/** @brief Last error text on the cluster handle; "" if none. Valid until the next failing call
 *  on the cluster. Never contains a password. @since 0.1.0 */
RWS_API const char *rws_cluster_error(const rws_cluster *cluster);

/* ============================================================================================
 * Connections
 * ========================================================================================== */

/**
 * @brief Open a session on the cluster (starting the cluster if needed).
 *
 * Backends are connected lazily: the primary on the first write, a replica on the first read.
 * Like `sqlite3_open`, @p out receives a handle even on failure (so rws_error() tells why); close
 * it with rws_conn_close() in both cases.
 * @return ::RWS_OK or the code of rws_cluster_start().
 * Thread-safe with respect to the cluster; the new connection belongs to the calling thread
 * until it hands it over.
 * @since 0.1.0
 */
RWS_API rws_code rws_conn_open(rws_cluster *cluster, rws_conn **out);

/** @brief Close the session and every backend connection it holds. NULL is a no-op. @since 0.1.0 */
RWS_API void rws_conn_close(rws_conn *conn);

/**
 * @brief Run one text statement (or several separated by ';'), routed by its classification.
 *
 * Like `mysql_real_query`: read the result with rws_store_result() or rws_use_result(), further
 * results with rws_next_result().
 * @return ::RWS_OK, ::RWS_ERR_SERVER (the server's errno in rws_backend_errno()),
 * ::RWS_ERR_CONNECTION_LOST, ::RWS_ERR_PRIMARY_DOWN, ::RWS_ERR_NO_REPLICA, ::RWS_ERR_STATE_LOST ...
 * @since 0.1.0
 */
RWS_API rws_code rws_real_query(rws_conn *conn, const char *sql, size_t len);

/** @brief rws_real_query() for a NUL-terminated statement. @since 0.1.0 */
RWS_API rws_code rws_query(rws_conn *conn, const char *sql);

/**
 * @brief The whole result of the last statement, as `mysql_store_result`. NULL when the
 * statement returned no rows (check rws_field_count()) or on error (check rws_errcode()).
 * The caller frees it with `mysql_free_result()`.
 * @since 0.1.0
 */
RWS_API MYSQL_RES *rws_store_result(rws_conn *conn);

/** @brief As `mysql_use_result`: rows are read one by one; read them all before the next
 *  statement on this connection. @since 0.1.0 */
RWS_API MYSQL_RES *rws_use_result(rws_conn *conn);

/**
 * @brief Advance to the next result of a multi-statement or CALL, as `mysql_next_result`.
 * @return 0 if there is another result, -1 if there are no more, a positive ::rws_code on error.
 * @since 0.1.0
 */
RWS_API int rws_next_result(rws_conn *conn);

/** @brief As `mysql_more_results`: non-zero if rws_next_result() has more. @since 0.1.0 */
RWS_API int rws_more_results(rws_conn *conn);

/** @brief Columns in the last result (0 for a statement without rows). @since 0.1.0 */
RWS_API unsigned rws_field_count(rws_conn *conn);

/** @brief Rows changed by the last statement, as `mysql_affected_rows`. @since 0.1.0 */
RWS_API uint64_t rws_affected_rows(rws_conn *conn);

/** @brief The AUTO_INCREMENT value of the last insert on the primary, as `mysql_insert_id`
 *  (always the primary's answer, wherever the last statement ran). @since 0.1.0 */
RWS_API uint64_t rws_insert_id(rws_conn *conn);

/** @brief Warnings of the last statement, as `mysql_warning_count`. @since 0.1.0 */
RWS_API unsigned rws_warning_count(rws_conn *conn);

/** @brief Text of the last statement's info (e.g. "Rows matched: 1 Changed: 1"), or NULL.
 *  @since 0.1.0 */
RWS_API const char *rws_info(rws_conn *conn);

/**
 * @brief Escape @p from (length @p len) into @p to for use in a string literal, with the
 * session's character set, as `mysql_real_escape_string`. @p to must hold 2*len+1 bytes.
 * @return the length written (without the NUL), or (unsigned long)-1 on error.
 * @since 0.1.0
 */
RWS_API unsigned long rws_real_escape_string(rws_conn *conn, char *to, const char *from,
                                             unsigned long len);

/** @brief Change the default database on every connection of the session, as `USE db`.
 *  @since 0.1.0 */
RWS_API rws_code rws_select_db(rws_conn *conn, const char *db);

/** @brief Change the character set on every connection of the session, as
 *  `mysql_set_character_set`. @since 0.1.0 */
RWS_API rws_code rws_set_character_set(rws_conn *conn, const char *charset);

/** @brief Check the session's open connections (reconnecting as needed; primary first).
 *  @since 0.1.0 */
RWS_API rws_code rws_ping(rws_conn *conn);

/**
 * @brief Start a transaction. With @p read_only non-zero it is `START TRANSACTION READ ONLY` and
 * runs entirely on one replica; otherwise on the primary.
 * @since 0.1.0
 */
RWS_API rws_code rws_begin(rws_conn *conn, int read_only);

/** @brief Commit the open transaction. @since 0.1.0 */
RWS_API rws_code rws_commit(rws_conn *conn);

/** @brief Roll back the open transaction. @since 0.1.0 */
RWS_API rws_code rws_rollback(rws_conn *conn);

/**
 * @brief Force the route of the next statement only. ::RWS_ROUTE_REPLICA on a write is ignored
 * (a write never goes to a replica). ::RWS_ROUTE_ALL is invalid here.
 * @since 0.1.0
 */
RWS_API rws_code rws_route_next(rws_conn *conn, rws_route route);

/**
 * @brief Which backend ran the last statement: its name as configured ("host:port" by default).
 * NULL before the first statement. Owned by the cluster; valid until the cluster is freed.
 * @since 0.1.0
 */
RWS_API const char *rws_last_backend(rws_conn *conn);

/** @brief Where the last statement ran: ::RWS_ROUTE_ALL for a session command, else the role of
 *  the backend that ran it (a read that fell back to the primary is ::RWS_ROUTE_PRIMARY); and,
 *  in @p reason (may be NULL), the classifier's reason. @since 0.1.0 */
RWS_API rws_route rws_last_route(rws_conn *conn, rws_reason *reason);

/** @brief The `MYSQL *` of the backend that ran the last statement, for Connector/C calls the
 *  library does not wrap (read-only use: do not run statements on it or close it). @since 0.1.0 */
RWS_API MYSQL *rws_last_mysql(rws_conn *conn);

/** @brief Last error code on the connection (::RWS_OK after a success). @since 0.1.0 */
RWS_API rws_code rws_errcode(const rws_conn *conn);

/** @brief Last error text, including the backend and, for server errors, the server's message.
 *  "" after a success. Owned by the handle. @since 0.1.0 */
RWS_API const char *rws_error(const rws_conn *conn);

/** @brief The server's (or Connector/C's) own error number for the last error, 0 if none.
 *  @since 0.1.0 */
RWS_API unsigned rws_backend_errno(const rws_conn *conn);

/** @brief The SQLSTATE of the last error ("00000" if none). Owned by the handle. @since 0.1.0 */
RWS_API const char *rws_sqlstate(const rws_conn *conn);

/* ============================================================================================
 * Read consistency and causal tokens
 * ========================================================================================== */

/**
 * @brief Change a consistency setting for this connection only, by the option's name and text
 * value, checked against the same table as the cluster's options: "consistency" ("eventual",
 * "session", "strong"), "max_lag_ms", "causal_wait_ms", "sticky_after_write_ms".
 * @return ::RWS_OK, or ::RWS_ERR_INVALID with the reason on the connection.
 * @since 0.1.0
 */
RWS_API rws_code rws_conn_set(rws_conn *conn, const char *name, const char *value);

/** @brief A buffer of this many bytes always holds a causal token and its NUL. */
#define RWS_TOKEN_SIZE 4097

/**
 * @brief A short printable token for everything this session has written (and every token it
 * was given): another connection, in this or another process or machine, that passes it to
 * rws_conn_require_token() reads data at least that fresh. It is safe in a cookie, a URL or a
 * header (characters `A-Z a-z 0-9 . _ ~ -`), e.g. "v1.m.0-1-307". A session that wrote nothing
 * gets a valid token that requires nothing.
 * @param conn  the session.
 * @param buf   receives the token, NUL-terminated.
 * @param len   size of @p buf; ::RWS_TOKEN_SIZE always suffices.
 * @return ::RWS_OK, or ::RWS_ERR_INVALID if @p buf is too small.
 * @since 0.1.0
 */
RWS_API rws_code rws_conn_token(rws_conn *conn, char *buf, size_t len);

/**
 * @brief Make this connection's reads at least as fresh as @p token (from rws_conn_token()): they
 * go to a replica that has applied those writes, or wait for one (`causal_wait_ms`), or go to
 * the primary. Tokens accumulate: the session then requires all of them. Needs consistency
 * "session" (the default) to take effect.
 * @return ::RWS_OK, or ::RWS_ERR_TOKEN (malformed token; the message says what is wrong).
 * @since 0.1.0
 */
RWS_API rws_code rws_conn_require_token(rws_conn *conn, const char *token);

/**
 * @brief Why the last statement ran where it did, in words, for traces and page footers: e.g.
 * "SELECT without side effects; lag 4 ms", "inside a transaction",
 * "read-your-writes: waited for the session's writes", "read-your-writes: causal wait timed out,
 * primary". Owned by the connection; valid until its next statement.
 * @since 0.1.0
 */
RWS_API const char *rws_last_route_text(rws_conn *conn);

/** @brief How the last read was made at least as fresh as the session's writes and tokens.
 *  @since 0.1.0 */
typedef enum rws_causal {
    RWS_CAUSAL_NONE = 0,    /**< Not a causal read (no write or token to wait for, or not a read). */
    RWS_CAUSAL_FRESH = 1,   /**< A replica already known to have the session's writes. */
    RWS_CAUSAL_WAITED = 2,  /**< A replica, after waiting for them (MASTER_GTID_WAIT). */
    RWS_CAUSAL_TIMEOUT = 3, /**< The primary, because the wait timed out (causal_wait_ms). */
    RWS_CAUSAL_PRIMARY = 4  /**< The primary: no eligible replica, or the position was unknown. */
} rws_causal;

/** @brief The read-your-writes outcome of the last statement. @since 0.1.0 */
RWS_API rws_causal rws_last_causal(rws_conn *conn);

/** @brief Replication lag in milliseconds of the backend that ran the last statement, as the
 *  monitor last measured it (0 for the primary, -1 unknown). @since 0.1.0 */
RWS_API int64_t rws_last_lag_ms(rws_conn *conn);

/* ============================================================================================
 * Statistics and health
 * ========================================================================================== */

/** @brief A backend's health as the monitor and the connections see it. @since 0.1.0 */
typedef enum rws_state {
    RWS_STATE_UNKNOWN = 0,       /**< Not checked yet. */
    RWS_STATE_UP = 1,            /**< Reachable; for a replica: replicating within max_lag_ms. */
    RWS_STATE_DOWN = 2,          /**< Unreachable; retried with exponential backoff. */
    RWS_STATE_LAGGING = 3,       /**< A replica beyond max_lag_ms, or not replicating. */
    RWS_STATE_LOGIN_REFUSED = 4, /**< It refused our user or password. */
    RWS_STATE_REMOVED = 5        /**< Taken out of the configuration by rws_cluster_reload(). */
} rws_state;

/** @brief One backend's identity, health and counters, copied out of the cluster. @since 0.1.0 */
typedef struct rws_backend_info {
    char name[128];        /**< As configured ("host:port" by default). */
    char address[300];     /**< "host:port" or the socket path. */
    rws_role role;         /**< Current role (follow_primary may change it). */
    rws_state state;       /**< Health. */
    int64_t lag_ms;        /**< Replication lag in ms (0 for the primary), -1 unknown. */
    int replicating;       /**< Replicas: 1 running, 0 stopped, -1 unknown. */
    char gtid[1024];       /**< GTID position as last seen ("" unknown). */
    double latency_ms;     /**< Moving average of response times seen by connections. */
    double latency_p50_ms; /**< Median response time (upper edge of its power-of-two bucket). */
    double latency_p99_ms; /**< 99th percentile, likewise. */
    uint64_t reads;        /**< Reads it served. */
    uint64_t writes;       /**< Statements other than reads that ran on it as the primary. */
    uint64_t session_commands; /**< Session commands it ran. */
    uint64_t retries;      /**< Reads that failed on it and were retried elsewhere. */
    uint64_t errors;       /**< Times it was marked down. */
    uint64_t connects;     /**< Connections opened to it by sessions. */
    unsigned weight;       /**< Replicas: share of reads. */
} rws_backend_info;

/** @brief Cluster-wide counters since the cluster started. @since 0.1.0 */
typedef struct rws_stats {
    uint64_t statements;      /**< Statements routed (text and prepared executions). */
    uint64_t reads_primary;   /**< Reads that ran on the primary (pinned, consistency, fallback). */
    uint64_t fallbacks;       /**< Reads sent to the primary for lack of an eligible replica. */
    uint64_t retries;         /**< Reads retried after a replica failed. */
    uint64_t errors;          /**< Connection-level errors returned to the application. */
    uint64_t state_lost;      /**< "session state lost" reports. */
    uint64_t causal_fresh;    /**< Read-your-writes reads on a replica already caught up. */
    uint64_t causal_waited;   /**< ... on a replica after waiting for the session's writes. */
    uint64_t causal_timeouts; /**< ... on the primary because the wait timed out. */
    uint64_t causal_primary;  /**< ... on the primary because no replica was eligible. */
} rws_stats;

/** @brief Number of backends (the primary and the replicas). 0 before the cluster starts.
 *  Thread-safe. @since 0.1.0 */
RWS_API size_t rws_cluster_backend_count(rws_cluster *cluster);

/** @brief Copy backend @p index's health and counters into @p out. Never blocks on the network;
 *  never contains a password. @return ::RWS_OK or ::RWS_ERR_INVALID (no such backend).
 *  Thread-safe. @since 0.1.0 */
RWS_API rws_code rws_cluster_backend_info(rws_cluster *cluster, size_t index,
                                          rws_backend_info *out);

/** @brief Copy the cluster-wide counters. Thread-safe. @since 0.1.0 */
RWS_API rws_code rws_cluster_stats(rws_cluster *cluster, rws_stats *out);

/**
 * @brief The statistics in the Prometheus text exposition format (metric names `rwsplit_*`, with
 * a `backend` label), ready to serve on /metrics.
 * @return a NUL-terminated string the caller frees with rws_free(), or NULL if out of memory.
 * Thread-safe.
 * @since 0.1.0
 */
RWS_API char *rws_cluster_metrics(rws_cluster *cluster);

/**
 * @brief A plain Connector/C connection to backend @p index, with the cluster's credentials,
 * database, character set, TLS and timeouts, outside of any routing: for administration, or to
 * compare against plain Connector/C (`rwsplit bench` does). The caller closes it with
 * `mysql_close()`. Returns NULL on failure with the reason on the cluster (rws_cluster_error()).
 * The cluster must be started. Thread-safe.
 * @since 0.1.0
 */
RWS_API MYSQL *rws_cluster_connect_backend(rws_cluster *cluster, size_t index);

/** @brief "up", "down", "lagging", ... Static. @since 0.1.0 */
RWS_API const char *rws_state_name(rws_state state);

/** @brief Free memory the library returned to the caller (rws_cluster_metrics()). NULL is a
 *  no-op. @since 0.1.0 */
RWS_API void rws_free(void *ptr);

/* ============================================================================================
 * Prepared statements (binary protocol)
 * ========================================================================================== */

/**
 * @brief Prepare a statement (with `?` placeholders) on the connection.
 *
 * The statement is classified once, here; each execution is routed like a text statement of the
 * same kind (a read to an eligible replica, a write to the primary, everything inside a
 * transaction to the transaction's server). It is prepared on the backend chosen now, so syntax
 * errors show at once as with `mysql_stmt_prepare`, then lazily on every other backend where it
 * runs, and again after a reconnect. Parameters and results use the connector's `MYSQL_BIND`.
 * @return a new statement, or NULL with the reason on the connection (rws_errcode(), rws_error()).
 * Errors of the other rws_stmt_* calls are reported on the connection too.
 * The statement belongs to the connection's thread; close it with rws_stmt_close() before the
 * connection.
 * @since 0.1.0
 */
RWS_API rws_stmt *rws_stmt_prepare(rws_conn *conn, const char *sql, size_t len);

/** @brief Number of `?` placeholders. @since 0.1.0 */
RWS_API unsigned long rws_stmt_param_count(rws_stmt *stmt);

/**
 * @brief Bind the parameters, as `mysql_stmt_bind_param`: @p bind has rws_stmt_param_count()
 * entries; the array and the buffers it points to must stay valid and unchanged in place until
 * the last rws_stmt_execute() that uses them (they are read at each execution).
 * @since 0.1.0
 */
RWS_API rws_code rws_stmt_bind_param(rws_stmt *stmt, MYSQL_BIND *bind);

/** @brief Execute with the bound parameters, routed as described at rws_stmt_prepare().
 *  A read that fails with a connection error on a replica is retried elsewhere, as for text
 *  statements. @since 0.1.0 */
RWS_API rws_code rws_stmt_execute(rws_stmt *stmt);

/** @brief Bind result buffers, as `mysql_stmt_bind_result`; the array must stay valid while
 *  rows are fetched. May be called before or after rws_stmt_execute(). @since 0.1.0 */
RWS_API rws_code rws_stmt_bind_result(rws_stmt *stmt, MYSQL_BIND *bind);

/** @brief Buffer the whole result on the client, as `mysql_stmt_store_result`. @since 0.1.0 */
RWS_API rws_code rws_stmt_store_result(rws_stmt *stmt);

/** @brief Fetch the next row into the result buffers: 0, `MYSQL_NO_DATA`,
 *  `MYSQL_DATA_TRUNCATED`, or 1 on error (reason on the connection). @since 0.1.0 */
RWS_API int rws_stmt_fetch(rws_stmt *stmt);

/** @brief Result metadata of the last execution, as `mysql_stmt_result_metadata` (caller frees
 *  with `mysql_free_result`); NULL for a statement without a result set. @since 0.1.0 */
RWS_API MYSQL_RES *rws_stmt_result_metadata(rws_stmt *stmt);

/** @brief Columns of the result (0 if none). @since 0.1.0 */
RWS_API unsigned rws_stmt_field_count(rws_stmt *stmt);

/** @brief Rows changed by the last execution. @since 0.1.0 */
RWS_API uint64_t rws_stmt_affected_rows(rws_stmt *stmt);

/** @brief AUTO_INCREMENT value generated by the last execution. @since 0.1.0 */
RWS_API uint64_t rws_stmt_insert_id(rws_stmt *stmt);

/** @brief Rows buffered by rws_stmt_store_result(). @since 0.1.0 */
RWS_API uint64_t rws_stmt_num_rows(rws_stmt *stmt);

/** @brief Advance to the next result of a CALL, as `mysql_stmt_next_result`: 0 more, -1 none,
 *  >0 error. @since 0.1.0 */
RWS_API int rws_stmt_next_result(rws_stmt *stmt);

/** @brief Free the rest of the current result, as `mysql_stmt_free_result`. @since 0.1.0 */
RWS_API rws_code rws_stmt_free_result(rws_stmt *stmt);

/** @brief The connector's `MYSQL_STMT` of the backend that ran the last execution, for calls the
 *  library does not wrap (do not close it or re-prepare it). NULL before the first execution.
 *  @since 0.1.0 */
RWS_API MYSQL_STMT *rws_stmt_handle(rws_stmt *stmt);

/** @brief Close the statement on every backend where it was prepared. NULL is a no-op.
 *  @since 0.1.0 */
RWS_API void rws_stmt_close(rws_stmt *stmt);

#ifdef __cplusplus
}
#endif

#endif /* RWSPLIT_H */
