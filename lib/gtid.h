/* GTID positions of both server flavours: parse, compare, merge, format. Pure code, no I/O.
 *
 * MariaDB: a GTID is `domain-server-seqno` (uint32-uint32-uint64); a position (@@gtid_binlog_pos,
 * @@gtid_slave_pos, @@gtid_current_pos, a session's last_gtid) is a comma-separated list with at
 * most one GTID per domain. Comparison looks at domain and seqno only, never at the server id.
 *
 * MySQL: a GTID set `uuid:interval[:interval...]` with intervals `n` or `n-m` (1 <= n <= m <=
 * 2^63-1), several uuids separated by commas, whitespace and newlines allowed between the parts
 * (as @@gtid_executed is printed), uuids in any case. Compared as a set of (uuid, n) pairs.
 * Not supported: the tagged GTIDs of MySQL 8.3+ (`uuid:tag:n`) and uuids without dashes; both
 * parse as RWS_ERR_INVALID.
 *
 * Storage: a position holds RWS_GTID_INLINE items inside the struct, so that the common case
 * (1-8 MariaDB domains, or MySQL uuids with up to 8 intervals in all) parses without allocating;
 * larger positions move to the heap, up to RWS_GTID_MAX_ITEMS items (more is RWS_ERR_INVALID, so
 * that a hostile input cannot make us allocate without bound). One item is one MariaDB GTID or
 * one MySQL interval.
 *
 * Ownership: a zero-filled rws_gtid_pos (or one set by rws__gtid_init()) is a valid empty
 * position. Functions that fill an `out`/`dst` position treat it as uninitialised: free a previous
 * value first. Every position a function has filled (even after a failure) must be released with
 * rws__gtid_free(). Copy positions with rws__gtid_copy(), never by struct assignment (a position
 * on the heap would be shared).
 *
 * Threads: no shared state; a position is used by one thread at a time, const functions may run
 * concurrently on the same position. */
#ifndef RWS_GTID_H
#define RWS_GTID_H

#include "internal.h"

#include <stdint.h>

/** Items stored inside the struct before the heap is used. */
#define RWS_GTID_INLINE 8
/** Upper bound on the items of one position (GTIDs or intervals). */
#define RWS_GTID_MAX_ITEMS 65536
/** Largest MySQL GNO (MySQL's own limit, INT64_MAX). */
#define RWS_GTID_MAX_GNO ((uint64_t)INT64_MAX)

/** Which server syntax a position came from. Values are appended, never renumbered. */
typedef enum rws_gtid_flavor {
    RWS_GTID_EMPTY = 0,   /**< No transactions (empty text); compatible with both flavours. */
    RWS_GTID_MARIADB = 1, /**< `domain-server-seqno,...` */
    RWS_GTID_MYSQL = 2    /**< `uuid:n-m:k,...` */
} rws_gtid_flavor;

/** One MariaDB GTID. */
typedef struct rws_gtid_mariadb {
    uint32_t domain;
    uint32_t server;
    uint64_t seqno;
} rws_gtid_mariadb;

/** One MySQL interval: the GNOs first..last (inclusive) of one source uuid. */
typedef struct rws_gtid_interval {
    unsigned char uuid[16];
    uint64_t first;
    uint64_t last;
} rws_gtid_interval;

/** One item of a position: `m` when the flavour is MariaDB, `s` when MySQL. */
typedef union rws_gtid_item {
    rws_gtid_mariadb m;
    rws_gtid_interval s;
} rws_gtid_item;

/** A GTID position. Invariants: MariaDB items are sorted by domain with no domain twice; MySQL
 * items are sorted by (uuid, first), disjoint and never adjacent (1-3:4-5 is stored as 1-5);
 * flavour is RWS_GTID_EMPTY exactly when n is 0. Read the items with rws__gtid_items(). */
typedef struct rws_gtid_pos {
    rws_gtid_flavor flavor;
    size_t n;                           /**< Items in use. */
    size_t cap;                         /**< Capacity of heap (0 while inline). */
    rws_gtid_item *heap;                /**< NULL while the items fit in inl. */
    rws_gtid_item inl[RWS_GTID_INLINE]; /**< Inline storage. */
} rws_gtid_pos;

/** Set p to the empty position (does not free: use on uninitialised memory). */
void rws__gtid_init(rws_gtid_pos *p);

/** Release p's heap storage, if any, and leave p empty and reusable. NULL is a no-op. */
void rws__gtid_free(rws_gtid_pos *p);

/** Parse a position of either flavour (detected: text with a ':' is MySQL, otherwise MariaDB).
 * @param text the server's text, need not be NUL-terminated; NULL only with len 0.
 * @param len its length in bytes.
 * @param out filled (treated as uninitialised); empty on failure, free it either way.
 * @return RWS_OK (an empty or all-whitespace text is the empty position), RWS_ERR_INVALID on
 * a syntax error, a number out of range, a duplicate MariaDB domain or more than
 * RWS_GTID_MAX_ITEMS items, RWS_ERR_NOMEM. */
rws_code rws__gtid_parse(const char *text, size_t len, rws_gtid_pos *out);

/** rws__gtid_parse() that also says why a text was rejected.
 * @param err receives e.g. "offset 6: expected '-' after the server id" (may be NULL).
 * @param errlen size of err (may be 0). Set to "" on success. */
rws_code rws__gtid_parse_ex(const char *text, size_t len, rws_gtid_pos *out, char *err,
                            size_t errlen);

/** The items of p (p->n of them), in canonical order. */
const rws_gtid_item *rws__gtid_items(const rws_gtid_pos *p);

/** 1 if p holds no transactions, else 0. */
int rws__gtid_is_empty(const rws_gtid_pos *p);

/** 1 if a and b hold the same GTIDs (MariaDB: also the same server ids), else 0. */
int rws__gtid_equal(const rws_gtid_pos *a, const rws_gtid_pos *b);

/** Does a server at `have` already have applied everything of `want`?
 * MariaDB: every domain of want has a seqno in have that is >= want's (a domain missing from
 * have counts as seqno 0). MySQL: want is a subset of have. An empty want is covered by
 * anything; positions of different flavours (both non-empty) never cover each other.
 * Invariant: rws__gtid_covers(a, b) == (rws__gtid_behind(a, b) == 0).
 * @return 1 or 0. */
int rws__gtid_covers(const rws_gtid_pos *have, const rws_gtid_pos *want);

/** How many transactions of `want` a server at `have` still lacks.
 * MariaDB: the sum over want's domains of max(0, want.seqno - have.seqno) (missing domain: 0).
 * MySQL: |want \ have|. Saturates at UINT64_MAX, which is also the answer for positions of
 * different flavours (both non-empty): they cannot be compared. */
uint64_t rws__gtid_behind(const rws_gtid_pos *have, const rws_gtid_pos *want);

/** acc := acc ∪ add. MariaDB: per domain, the GTID with the higher seqno (acc's on a tie);
 * MySQL: the set union. Used to accumulate a session's writes.
 * @return RWS_OK; RWS_ERR_INVALID if both are non-empty and of different flavours or the result
 * would exceed RWS_GTID_MAX_ITEMS; RWS_ERR_NOMEM. On failure acc is unchanged. */
rws_code rws__gtid_merge(rws_gtid_pos *acc, const rws_gtid_pos *add);

/** dst := a copy of src (dst treated as uninitialised).
 * @return RWS_OK or RWS_ERR_NOMEM (dst is then empty). */
rws_code rws__gtid_copy(rws_gtid_pos *dst, const rws_gtid_pos *src);

/** Canonical text of p, as the server accepts it in MASTER_GTID_WAIT('...') (MariaDB:
 * `0-1-5,1-2-9`, by domain) or WAIT_FOR_EXECUTED_GTID_SET('...') (MySQL: lowercase uuids, by
 * uuid, `uuid:1-5:7,uuid2:3`); "" for the empty position. Only digits, lowercase hex, '-', ':'
 * and ',' appear, so the text can be put between single quotes in SQL as it is.
 * @param buf receives at most len-1 bytes and a NUL (if len > 0); may be NULL when len is 0.
 * @return the length of the whole text (without NUL), as snprintf(): if it is >= len, the
 * text was truncated; call again with a buffer of return+1 bytes. */
size_t rws__gtid_format(const rws_gtid_pos *p, char *buf, size_t len);

#endif
