/* Causal tokens: a session's last write position as a short printable string that an
 * application can hand to another session (a cookie, a URL parameter, a queue message) so that
 * the other session reads its own writes. Pure code, no I/O, no global state.
 *
 * Format (version 1), alphabet [A-Za-z0-9._~-] only (RFC 3986 unreserved characters: safe in a
 * cookie value and in a URL without escaping; no ';', ',', space, quote or '='):
 *   v1.e                 the empty position: nothing to wait for
 *   v1.m.<list>          MariaDB: the canonical `d-s-n,d-s-n` with ',' written as '.'
 *                        e.g. v1.m.0-1-307.1-2-9
 *   v1.y.<set>           MySQL: the canonical `uuid:a-b:c,uuid:d` with ':' written as '_' and
 *                        ',' as '.', e.g. v1.y.3e11fa47-71ca-11e1-9e33-c80aa9429562_1-5_7
 * Tokens are readable on purpose (they appear in logs) and carry no secret and no signature: a
 * forged token can at most make a read wait up to the configured timeout before it falls back. */
#ifndef RWS_TOKEN_H
#define RWS_TOKEN_H

#include "gtid.h"

/** Longest token accepted or produced, in bytes (without the NUL). */
#define RWS_TOKEN_MAX 4096
/** A buffer that holds any token and its NUL. */
#define RWS_TOKEN_BUFSIZE RWS_TOKEN_SIZE

/** Encode a position as a causal token.
 * @param p the position (any flavour, possibly empty).
 * @param buf receives the NUL-terminated token; RWS_TOKEN_BUFSIZE bytes are always enough.
 * @param len size of buf.
 * @return RWS_OK; RWS_ERR_INVALID if buf is too small for this token (buf then holds "");
 * RWS_ERR_TOKEN if the token would be longer than RWS_TOKEN_MAX (a MySQL set with very many
 * uuids or holes): the position cannot travel as a token. */
rws_code rws__token_encode(const rws_gtid_pos *p, char *buf, size_t len);

/** Decode a causal token.
 * @param tok the token, need not be NUL-terminated (NULL only with len 0).
 * @param len its length in bytes; surrounding whitespace is not accepted.
 * @param out filled (treated as uninitialised); empty on failure; free it either way with
 * rws__gtid_free().
 * @param err receives the reason on failure, e.g. "causal token: invalid character ' ' at
 * offset 4 (allowed: A-Z a-z 0-9 . _ ~ -)" (may be NULL); "" on success.
 * @param errlen size of err (may be 0).
 * @return RWS_OK, RWS_ERR_TOKEN for a malformed, oversized (> RWS_TOKEN_MAX) or unknown-version
 * token, RWS_ERR_NOMEM. */
rws_code rws__token_decode(const char *tok, size_t len, rws_gtid_pos *out, char *err,
                           size_t errlen);

#endif
