/* GTID positions of both flavours: MariaDB `d-s-n` lists and MySQL `uuid:ranges` sets.
 * See gtid.h for the semantics; this file has no I/O and no global state. */
#include "gtid.h"

#include <stdlib.h>
#include <string.h>

/* ---- storage ----------------------------------------------------------------------------- */

void rws__gtid_init(rws_gtid_pos *p)
{
    memset(p, 0, sizeof *p);
}

void rws__gtid_free(rws_gtid_pos *p)
{
    if (!p)
        return;
    free(p->heap);
    rws__gtid_init(p);
}

static rws_gtid_item *items_mut(rws_gtid_pos *p)
{
    return p->heap ? p->heap : p->inl;
}

const rws_gtid_item *rws__gtid_items(const rws_gtid_pos *p)
{
    return p->heap ? p->heap : p->inl;
}

int rws__gtid_is_empty(const rws_gtid_pos *p)
{
    return p->n == 0;
}

/* Room for one more item; RWS_ERR_INVALID past RWS_GTID_MAX_ITEMS. */
static rws_code reserve_one(rws_gtid_pos *p)
{
    size_t cap = p->heap ? p->cap : RWS_GTID_INLINE;
    if (p->n < cap)
        return RWS_OK;
    if (p->n >= RWS_GTID_MAX_ITEMS)
        return RWS_ERR_INVALID;
    size_t ncap = cap * 2;
    if (ncap > RWS_GTID_MAX_ITEMS)
        ncap = RWS_GTID_MAX_ITEMS;
    rws_gtid_item *h = realloc(p->heap, ncap * sizeof *h);
    if (!h)
        return RWS_ERR_NOMEM;
    if (!p->heap)
        memcpy(h, p->inl, p->n * sizeof *h);
    p->heap = h;
    p->cap = ncap;
    return RWS_OK;
}

static rws_code push(rws_gtid_pos *p, const rws_gtid_item *it)
{
    rws_code rc = reserve_one(p);
    if (rc != RWS_OK)
        return rc;
    items_mut(p)[p->n++] = *it;
    return RWS_OK;
}

/* Append a MySQL interval, coalescing it with the last one when they overlap or touch.
 * Items must arrive sorted by (uuid, first). */
static rws_code push_interval(rws_gtid_pos *p, const rws_gtid_interval *iv)
{
    if (p->n > 0) {
        rws_gtid_interval *last = &items_mut(p)[p->n - 1].s;
        if (memcmp(last->uuid, iv->uuid, 16) == 0 && iv->first <= last->last + 1) {
            if (iv->last > last->last)
                last->last = iv->last;
            return RWS_OK;
        }
    }
    rws_gtid_item it;
    it.s = *iv;
    return push(p, &it);
}

rws_code rws__gtid_copy(rws_gtid_pos *dst, const rws_gtid_pos *src)
{
    rws__gtid_init(dst);
    if (src->n > RWS_GTID_INLINE) {
        dst->heap = malloc(src->n * sizeof *dst->heap);
        if (!dst->heap)
            return RWS_ERR_NOMEM;
        dst->cap = src->n;
    }
    memcpy(items_mut(dst), rws__gtid_items(src), src->n * sizeof *dst->heap);
    dst->n = src->n;
    dst->flavor = src->flavor;
    return RWS_OK;
}

/* Move src into dst (dst's old storage is freed; src is left empty). */
static void move_into(rws_gtid_pos *dst, rws_gtid_pos *src)
{
    rws__gtid_free(dst);
    *dst = *src; /* safe: the items pointer is derived, never stored, for inline storage */
    rws__gtid_init(src);
}

/* ---- parsing ----------------------------------------------------------------------------- */

typedef struct cursor {
    const char *s;
    size_t len;
    size_t i;
    char *err;
    size_t errlen;
} cursor;

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_ws(cursor *c)
{
    while (c->i < c->len && is_ws(c->s[c->i]))
        c->i++;
}

static int peek(const cursor *c)
{
    return c->i < c->len ? (unsigned char)c->s[c->i] : -1;
}

static rws_code fail(cursor *c, const char *what)
{
    if (c->err && c->errlen) {
        int ch = peek(c);
        if (ch < 0)
            rws__fmt(c->err, c->errlen, "offset %zu (end of text): %s", c->i, what);
        else if (ch > 0x20 && ch < 0x7f)
            rws__fmt(c->err, c->errlen, "offset %zu ('%c'): %s", c->i, ch, what);
        else
            rws__fmt(c->err, c->errlen, "offset %zu (byte 0x%02x): %s", c->i, (unsigned)ch, what);
    }
    return RWS_ERR_INVALID;
}

/* A decimal number <= max: one or more digits, no sign. */
static rws_code parse_num(cursor *c, uint64_t max, uint64_t *out, const char *what)
{
    size_t start = c->i;
    uint64_t v = 0;
    while (c->i < c->len && c->s[c->i] >= '0' && c->s[c->i] <= '9') {
        unsigned d = (unsigned)(c->s[c->i] - '0');
        if (v > (max - d) / 10) {
            c->i = start;
            return fail(c, "number out of range");
        }
        v = v * 10 + d;
        c->i++;
    }
    if (c->i == start)
        return fail(c, what);
    *out = v;
    return RWS_OK;
}

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, any case. */
static rws_code parse_uuid(cursor *c, unsigned char out[16])
{
    static const unsigned char groups[5] = {8, 4, 4, 4, 12};
    size_t k = 0;
    for (int g = 0; g < 5; g++) {
        if (g > 0) {
            if (peek(c) != '-')
                return fail(c, "expected '-' in the uuid (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
            c->i++;
        }
        for (unsigned j = 0; j < groups[g]; j += 2) {
            int hi = hexval(peek(c));
            if (hi < 0)
                return fail(c, "expected a hex digit in the uuid");
            c->i++;
            int lo = hexval(peek(c));
            if (lo < 0)
                return fail(c, "expected a hex digit in the uuid");
            c->i++;
            out[k++] = (unsigned char)(hi << 4 | lo);
        }
    }
    return RWS_OK;
}

static int cmp_mariadb(const void *a, const void *b)
{
    uint32_t x = ((const rws_gtid_item *)a)->m.domain, y = ((const rws_gtid_item *)b)->m.domain;
    return (x > y) - (x < y);
}

static int cmp_interval(const void *a, const void *b)
{
    const rws_gtid_interval *x = &((const rws_gtid_item *)a)->s;
    const rws_gtid_interval *y = &((const rws_gtid_item *)b)->s;
    int r = memcmp(x->uuid, y->uuid, 16);
    if (r)
        return r;
    return (x->first > y->first) - (x->first < y->first);
}

static rws_code parse_mariadb(cursor *c, rws_gtid_pos *out)
{
    out->flavor = RWS_GTID_MARIADB;
    for (;;) {
        uint64_t d, s, n;
        rws_code rc;
        skip_ws(c);
        if ((rc = parse_num(c, UINT32_MAX, &d, "expected a domain id (a number)")) != RWS_OK)
            return rc;
        if (peek(c) != '-')
            return fail(c, "expected '-' after the domain id (domain-server-seqno)");
        c->i++;
        if ((rc = parse_num(c, UINT32_MAX, &s, "expected a server id (a number)")) != RWS_OK)
            return rc;
        if (peek(c) != '-')
            return fail(c, "expected '-' after the server id (domain-server-seqno)");
        c->i++;
        if ((rc = parse_num(c, UINT64_MAX, &n, "expected a sequence number")) != RWS_OK)
            return rc;
        rws_gtid_item it;
        it.m.domain = (uint32_t)d;
        it.m.server = (uint32_t)s;
        it.m.seqno = n;
        if ((rc = push(out, &it)) != RWS_OK)
            return rc == RWS_ERR_INVALID ? fail(c, "too many GTIDs") : rc;
        skip_ws(c);
        if (c->i == c->len)
            break;
        if (peek(c) != ',')
            return fail(c, "expected ',' between GTIDs");
        c->i++;
    }
    rws_gtid_item *it = items_mut(out);
    qsort(it, out->n, sizeof *it, cmp_mariadb);
    for (size_t k = 1; k < out->n; k++) {
        if (it[k].m.domain == it[k - 1].m.domain) {
            if (c->err && c->errlen)
                rws__fmt(c->err, c->errlen, "domain %u appears more than once", it[k].m.domain);
            return RWS_ERR_INVALID;
        }
    }
    return RWS_OK;
}

static rws_code parse_mysql(cursor *c, rws_gtid_pos *out)
{
    rws_gtid_pos raw;
    rws__gtid_init(&raw);
    rws_code rc = RWS_OK;
    for (;;) {
        rws_gtid_item it;
        skip_ws(c);
        if ((rc = parse_uuid(c, it.s.uuid)) != RWS_OK)
            goto out;
        skip_ws(c);
        if (peek(c) != ':') {
            rc = fail(c, "expected ':' and an interval after the uuid");
            goto out;
        }
        while (peek(c) == ':') {
            c->i++;
            skip_ws(c);
            size_t at = c->i;
            rc = parse_num(c, RWS_GTID_MAX_GNO, &it.s.first, "expected a transaction number");
            if (rc != RWS_OK)
                goto out;
            it.s.last = it.s.first;
            skip_ws(c);
            if (peek(c) == '-') {
                c->i++;
                skip_ws(c);
                rc = parse_num(c, RWS_GTID_MAX_GNO, &it.s.last, "expected the interval's end");
                if (rc != RWS_OK)
                    goto out;
                skip_ws(c);
            }
            if (it.s.first == 0 || it.s.last < it.s.first) {
                c->i = at;
                rc = fail(c, it.s.first == 0 ? "transaction numbers start at 1"
                                             : "interval end is lower than its start");
                goto out;
            }
            if ((rc = push(&raw, &it)) != RWS_OK) {
                if (rc == RWS_ERR_INVALID)
                    rc = fail(c, "too many intervals");
                goto out;
            }
        }
        if (c->i == c->len)
            break;
        if (peek(c) != ',') {
            rc = fail(c, "expected ',' or ':' after an interval");
            goto out;
        }
        c->i++;
    }
    /* Canonical order; MySQL itself accepts the same uuid twice and overlapping intervals. */
    const rws_gtid_item *it = items_mut(&raw);
    qsort(items_mut(&raw), raw.n, sizeof *it, cmp_interval);
    out->flavor = RWS_GTID_MYSQL;
    for (size_t k = 0; k < raw.n && rc == RWS_OK; k++)
        rc = push_interval(out, &it[k].s);
out:
    rws__gtid_free(&raw);
    return rc;
}

rws_code rws__gtid_parse_ex(const char *text, size_t len, rws_gtid_pos *out, char *err,
                            size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    rws__gtid_init(out);
    if (!text && len)
        return RWS_ERR_INVALID;
    cursor c = {text, len, 0, err, errlen};
    skip_ws(&c);
    if (c.i == len)
        return RWS_OK;
    rws_code rc = memchr(text, ':', len) ? parse_mysql(&c, out) : parse_mariadb(&c, out);
    if (rc != RWS_OK)
        rws__gtid_free(out);
    else if (out->n == 0)
        out->flavor = RWS_GTID_EMPTY;
    return rc;
}

rws_code rws__gtid_parse(const char *text, size_t len, rws_gtid_pos *out)
{
    return rws__gtid_parse_ex(text, len, out, NULL, 0);
}

/* ---- comparison -------------------------------------------------------------------------- */

int rws__gtid_equal(const rws_gtid_pos *a, const rws_gtid_pos *b)
{
    if (a->n != b->n || a->flavor != b->flavor)
        return 0;
    const rws_gtid_item *x = rws__gtid_items(a), *y = rws__gtid_items(b);
    for (size_t k = 0; k < a->n; k++) {
        if (a->flavor == RWS_GTID_MARIADB) {
            if (x[k].m.domain != y[k].m.domain || x[k].m.server != y[k].m.server ||
                x[k].m.seqno != y[k].m.seqno)
                return 0;
        } else if (memcmp(x[k].s.uuid, y[k].s.uuid, 16) || x[k].s.first != y[k].s.first ||
                   x[k].s.last != y[k].s.last) {
            return 0;
        }
    }
    return 1;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* Transactions in p (what an empty position lacks). */
static uint64_t count_all(const rws_gtid_pos *p)
{
    const rws_gtid_item *it = rws__gtid_items(p);
    uint64_t sum = 0;
    for (size_t k = 0; k < p->n; k++)
        sum = sat_add(sum, p->flavor == RWS_GTID_MARIADB ? it[k].m.seqno
                                                         : it[k].s.last - it[k].s.first + 1);
    return sum;
}

static uint64_t behind_mariadb(const rws_gtid_pos *have, const rws_gtid_pos *want)
{
    const rws_gtid_item *h = rws__gtid_items(have), *w = rws__gtid_items(want);
    uint64_t sum = 0;
    size_t j = 0;
    for (size_t k = 0; k < want->n; k++) {
        while (j < have->n && h[j].m.domain < w[k].m.domain)
            j++;
        uint64_t got = (j < have->n && h[j].m.domain == w[k].m.domain) ? h[j].m.seqno : 0;
        if (w[k].m.seqno > got)
            sum = sat_add(sum, w[k].m.seqno - got);
    }
    return sum;
}

/* 1 if interval a lies wholly before interval b in canonical order (earlier uuid, or same uuid
 * and ending before b starts), else 0. */
static int before(const rws_gtid_interval *a, const rws_gtid_interval *b)
{
    int r = memcmp(a->uuid, b->uuid, 16);
    return r < 0 || (r == 0 && a->last < b->first);
}

static uint64_t behind_mysql(const rws_gtid_pos *have, const rws_gtid_pos *want)
{
    const rws_gtid_item *h = rws__gtid_items(have), *w = rws__gtid_items(want);
    uint64_t sum = 0;
    size_t j = 0;
    for (size_t k = 0; k < want->n; k++) {
        const rws_gtid_interval *wi = &w[k].s;
        while (j < have->n && before(&h[j].s, wi))
            j++;
        uint64_t missing = wi->last - wi->first + 1;
        /* have's intervals are disjoint, so their overlaps with wi add up. */
        for (size_t q = j; q < have->n; q++) {
            const rws_gtid_interval *hi = &h[q].s;
            if (memcmp(hi->uuid, wi->uuid, 16) != 0 || hi->first > wi->last)
                break;
            uint64_t lo = hi->first > wi->first ? hi->first : wi->first;
            uint64_t up = hi->last < wi->last ? hi->last : wi->last;
            missing -= up - lo + 1;
        }
        sum = sat_add(sum, missing);
    }
    return sum;
}

uint64_t rws__gtid_behind(const rws_gtid_pos *have, const rws_gtid_pos *want)
{
    if (want->n == 0)
        return 0;
    if (have->n == 0)
        return count_all(want);
    if (have->flavor != want->flavor)
        return UINT64_MAX;
    return want->flavor == RWS_GTID_MARIADB ? behind_mariadb(have, want) : behind_mysql(have, want);
}

int rws__gtid_covers(const rws_gtid_pos *have, const rws_gtid_pos *want)
{
    return rws__gtid_behind(have, want) == 0;
}

/* ---- merge ------------------------------------------------------------------------------- */

static rws_code merge_mariadb(const rws_gtid_pos *a, const rws_gtid_pos *b, rws_gtid_pos *out)
{
    const rws_gtid_item *x = rws__gtid_items(a), *y = rws__gtid_items(b);
    size_t i = 0, j = 0;
    rws_code rc = RWS_OK;
    while (rc == RWS_OK && (i < a->n || j < b->n)) {
        if (j == b->n || (i < a->n && x[i].m.domain < y[j].m.domain))
            rc = push(out, &x[i++]);
        else if (i == a->n || y[j].m.domain < x[i].m.domain)
            rc = push(out, &y[j++]);
        else {
            rc = push(out, y[j].m.seqno > x[i].m.seqno ? &y[j] : &x[i]);
            i++;
            j++;
        }
    }
    return rc;
}

static rws_code merge_mysql(const rws_gtid_pos *a, const rws_gtid_pos *b, rws_gtid_pos *out)
{
    const rws_gtid_item *x = rws__gtid_items(a), *y = rws__gtid_items(b);
    size_t i = 0, j = 0;
    rws_code rc = RWS_OK;
    while (rc == RWS_OK && (i < a->n || j < b->n)) {
        if (j == b->n || (i < a->n && cmp_interval(&x[i], &y[j]) <= 0))
            rc = push_interval(out, &x[i++].s);
        else
            rc = push_interval(out, &y[j++].s);
    }
    return rc;
}

rws_code rws__gtid_merge(rws_gtid_pos *acc, const rws_gtid_pos *add)
{
    if (add->n == 0)
        return RWS_OK;
    if (acc->n != 0 && acc->flavor != add->flavor)
        return RWS_ERR_INVALID;
    rws_gtid_pos tmp;
    rws__gtid_init(&tmp);
    tmp.flavor = add->flavor;
    rws_code rc = add->flavor == RWS_GTID_MARIADB ? merge_mariadb(acc, add, &tmp)
                                                  : merge_mysql(acc, add, &tmp);
    if (rc != RWS_OK) {
        rws__gtid_free(&tmp);
        return rc;
    }
    move_into(acc, &tmp);
    return RWS_OK;
}

/* ---- formatting -------------------------------------------------------------------------- */

typedef struct outbuf {
    char *buf;
    size_t len;
    size_t pos; /* length of the whole text so far, even past len */
} outbuf;

static void put(outbuf *o, const char *s, size_t n)
{
    if (o->pos < o->len) {
        size_t room = o->len - 1 - o->pos;
        memcpy(o->buf + o->pos, s, n < room ? n : room);
    }
    o->pos += n;
}

static void put_u64(outbuf *o, uint64_t v)
{
    char tmp[20];
    size_t n = 0;
    do {
        tmp[sizeof tmp - ++n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put(o, tmp + sizeof tmp - n, n);
}

static void put_uuid(outbuf *o, const unsigned char u[16])
{
    static const char hex[] = "0123456789abcdef";
    char tmp[36];
    size_t n = 0;
    for (int k = 0; k < 16; k++) {
        if (k == 4 || k == 6 || k == 8 || k == 10)
            tmp[n++] = '-';
        tmp[n++] = hex[u[k] >> 4];
        tmp[n++] = hex[u[k] & 15];
    }
    put(o, tmp, n);
}

size_t rws__gtid_format(const rws_gtid_pos *p, char *buf, size_t len)
{
    outbuf o = {buf, len, 0};
    const rws_gtid_item *it = rws__gtid_items(p);
    for (size_t k = 0; k < p->n; k++) {
        if (p->flavor == RWS_GTID_MARIADB) {
            if (k > 0)
                put(&o, ",", 1);
            put_u64(&o, it[k].m.domain);
            put(&o, "-", 1);
            put_u64(&o, it[k].m.server);
            put(&o, "-", 1);
            put_u64(&o, it[k].m.seqno);
            continue;
        }
        if (k == 0 || memcmp(it[k].s.uuid, it[k - 1].s.uuid, 16) != 0) {
            if (k > 0)
                put(&o, ",", 1);
            put_uuid(&o, it[k].s.uuid);
        }
        put(&o, ":", 1);
        put_u64(&o, it[k].s.first);
        if (it[k].s.last != it[k].s.first) {
            put(&o, "-", 1);
            put_u64(&o, it[k].s.last);
        }
    }
    if (len > 0)
        buf[o.pos < len ? o.pos : len - 1] = '\0';
    return o.pos;
}
