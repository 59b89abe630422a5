/* One backend: opening a Connector/C connection with the cluster's settings, and the health
 * that every connection of the cluster shares (down with exponential backoff, up). */
#include "backend.h"

#include <errmsg.h>
#include <mysqld_error.h>
#include <string.h>

/* Connector/C takes its timeouts in whole seconds: round up, never 0 (which means "none"). */
static unsigned ms_to_s(int ms)
{
    return ms <= 0 ? 1u : (unsigned)((ms + 999) / 1000);
}

static int tls_set(const char *v)
{
    return v && *v;
}

static const char *tls_mode_name(rws_tls_mode mode)
{
    switch (mode) {
    case RWS_TLS_DISABLED: return "disabled";
    case RWS_TLS_PREFERRED: return "preferred";
    case RWS_TLS_REQUIRED: return "required";
    case RWS_TLS_VERIFY_CA: return "verify_ca";
    case RWS_TLS_VERIFY_IDENTITY: return "verify_identity";
    }
    return "?";
}

/* Turn tls.mode into Connector/C 3.3 options. What 3.3 does (checked against 3.3.20 and its
 * source):
 *  - it negotiates TLS only when asked: MYSQL_OPT_SSL_ENFORCE, or any of the ssl key, cert, ca,
 *    capath or cipher options, switches it on; without them a connection is plain even when the
 *    server offers TLS;
 *  - "enforce" alone is really "preferred": if the server does not offer TLS the connector
 *    carries on in plain text, unless MYSQL_OPT_SSL_VERIFY_SERVER_CERT is set;
 *  - a ca or capath makes OpenSSL verify the chain during the handshake (SSL_VERIFY_PEER),
 *    whatever MYSQL_OPT_SSL_VERIFY_SERVER_CERT says;
 *  - MYSQL_OPT_SSL_VERIFY_SERVER_CERT adds the host name check (the name or IP address given
 *    to mysql_real_connect against the certificate's subjectAltName), and without ca/capath
 *    verifies the chain against OpenSSL's default trust store.
 * So preferred and required never pass ca, capath or crl (they would turn on verification),
 * verify_ca passes ca/capath without VERIFY_SERVER_CERT, and verify_identity passes both.
 *
 * A server that offers no TLS: 3.3 refuses it before the login when VERIFY_SERVER_CERT or a peer
 * fingerprint is set (MARIADB_OPT_TLS_PEER_FP is non-NULL), while its fingerprint check itself
 * only runs for a non-empty fingerprint. An empty fingerprint therefore makes required and
 * verify_ca refuse before any credential is sent (a man in the middle who strips TLS could
 * otherwise ask for mysql_clear_password), and checks nothing else. That reading of 3.3 was
 * verified on 3.3.20, so it is applied to 3.3 only; tls_check() after the login covers every
 * version. Returns 0, or -1 with the reason in why. */
static int apply_tls(MYSQL *m, const rws_options *o, char *why, size_t whylen)
{
    my_bool yes = 1, no = 0;
    rws_tls_mode mode = o->tls.mode;
    if (mode == RWS_TLS_DISABLED) {
        /* Say so explicitly: a connector whose default is TLS (3.4 and later) stays plain. */
        mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &no);
        mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &no);
        return 0;
    }
    int have_ca = tls_set(o->tls.ca) || tls_set(o->tls.capath);
    if (mode == RWS_TLS_VERIFY_CA && !have_ca) {
        rws__fmt(why, whylen,
                 "tls.mode=verify_ca needs tls.ca or tls.capath (the CA that signed the server's "
                 "certificate); use verify_identity to verify against the system's trusted CAs");
        return -1;
    }
    if (mode >= RWS_TLS_VERIFY_CA) {
        if (tls_set(o->tls.ca))
            mysql_optionsv(m, MYSQL_OPT_SSL_CA, o->tls.ca);
        if (tls_set(o->tls.capath))
            mysql_optionsv(m, MYSQL_OPT_SSL_CAPATH, o->tls.capath);
        if (tls_set(o->tls.crl))
            mysql_optionsv(m, MYSQL_OPT_SSL_CRL, o->tls.crl);
    }
    /* The client certificate is sent in every TLS mode, for servers that ask for one. */
    if (tls_set(o->tls.cert))
        mysql_optionsv(m, MYSQL_OPT_SSL_CERT, o->tls.cert);
    if (tls_set(o->tls.key))
        mysql_optionsv(m, MYSQL_OPT_SSL_KEY, o->tls.key);
    if (tls_set(o->tls.cipher))
        mysql_optionsv(m, MYSQL_OPT_SSL_CIPHER, o->tls.cipher);
    mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &yes);
    mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT,
                   mode == RWS_TLS_VERIFY_IDENTITY ? &yes : &no);
    unsigned long cv = mysql_get_client_version();
    if ((mode == RWS_TLS_REQUIRED || mode == RWS_TLS_VERIFY_CA) && cv >= 30300 && cv < 30400)
        mysql_optionsv(m, MARIADB_OPT_TLS_PEER_FP, "");
    return 0;
}

/* After the login: every mode from required up insists on TLS, but Connector/C falls back to
 * plain text when the server does not offer it unless apply_tls() could make it refuse, so
 * refuse the connection here, before any statement is sent on it. Returns 0, or -1 with the
 * reason. */
static int tls_check(MYSQL *m, const rws_options *o, char *why, size_t whylen)
{
    if (o->tls.mode < RWS_TLS_REQUIRED || mysql_get_ssl_cipher(m))
        return 0;
    rws__fmt(why, whylen,
             "the server did not offer TLS, which tls.mode=%s requires (the login already ran "
             "unencrypted; configure ssl_cert and ssl_key on the server, or use "
             "tls.mode=preferred)",
             tls_mode_name(o->tls.mode));
    return -1;
}

/* What was being checked, appended to a TLS failure of the connector so that the message says
 * against which CA and which host name. */
static void tls_hint(const rws_options *o, const char *host, char *buf, size_t len)
{
    const char *ca = tls_set(o->tls.ca) ? o->tls.ca : o->tls.capath;
    if (o->tls.mode == RWS_TLS_VERIFY_CA)
        rws__fmt(buf, len, " (tls.mode=verify_ca: verifying the server's certificate against '%s')",
                 ca);
    else if (o->tls.mode == RWS_TLS_VERIFY_IDENTITY)
        rws__fmt(buf, len,
                 " (tls.mode=verify_identity: verifying the server's certificate against '%s' "
                 "and the host name '%s')",
                 ca ? ca : "the system's trusted CAs", host);
    else
        rws__fmt(buf, len, " (tls.mode=%s)", tls_mode_name(o->tls.mode));
}

MYSQL *rws__backend_connect(const rws_backend *b, const rws_connect_params *p, unsigned *errnum,
                            char *err, size_t errlen)
{
    *errnum = 0;
    MYSQL *m = mysql_init(NULL);
    if (!m) {
        *errnum = CR_OUT_OF_MEMORY;
        rws__fmt(err, errlen, "%s: out of memory", b->spec.name);
        return NULL;
    }
    const rws_backend_spec *s = &b->spec;
    unsigned ct =
        ms_to_s(s->connect_timeout_ms > 0 ? s->connect_timeout_ms : p->connect_timeout_ms);
    unsigned rt = ms_to_s(s->read_timeout_ms > 0 ? s->read_timeout_ms : p->read_timeout_ms);
    unsigned wt = ms_to_s(s->write_timeout_ms > 0 ? s->write_timeout_ms : p->write_timeout_ms);
    mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
    mysql_optionsv(m, MYSQL_OPT_READ_TIMEOUT, &rt);
    mysql_optionsv(m, MYSQL_OPT_WRITE_TIMEOUT, &wt);
    if (p->charset && *p->charset)
        mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, p->charset);
    char why[RWS_ERRMSG_SIZE];
    if (p->opts && apply_tls(m, p->opts, why, sizeof why) != 0) {
        *errnum = CR_SSL_CONNECTION_ERROR;
        rws__fmt(err, errlen, "%s: %s", s->name, why);
        mysql_close(m);
        return NULL;
    }
    unsigned long flags = CLIENT_MULTI_RESULTS | CLIENT_PS_MULTI_RESULTS;
    if (p->multi_statements)
        flags |= CLIENT_MULTI_STATEMENTS;
    const char *host = s->socket ? "localhost" : s->host;
    if (!mysql_real_connect(m, host, p->user, p->password, p->database, s->socket ? 0 : s->port,
                            s->socket, flags)) {
        *errnum = mysql_errno(m);
        why[0] = '\0';
        if (*errnum == CR_SSL_CONNECTION_ERROR && p->opts)
            tls_hint(p->opts, host, why, sizeof why);
        /* The connector's message never contains the password. */
        rws__fmt(err, errlen, "%s: %s%s", s->name, mysql_error(m), why);
        mysql_close(m);
        return NULL;
    }
    if (p->opts && tls_check(m, p->opts, why, sizeof why) != 0) {
        *errnum = CR_SSL_CONNECTION_ERROR;
        rws__fmt(err, errlen, "%s: %s", s->name, why);
        mysql_close(m);
        return NULL;
    }
    return m;
}

int rws__is_connection_error(unsigned e)
{
    switch (e) {
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
    case CR_UNKNOWN_HOST:
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
    case CR_SERVER_LOST_EXTENDED:
    case CR_SSL_CONNECTION_ERROR:
    case CR_ERR_NET_READ:
    case CR_ERR_NET_WRITE:
    case ER_CONNECTION_KILLED:
    case ER_SERVER_SHUTDOWN:
    case ER_CON_COUNT_ERROR:
    case ER_NET_READ_ERROR:
    case ER_NET_READ_INTERRUPTED: return 1;
    default: return 0;
    }
}

rws_code rws__failure_code(unsigned e)
{
    return rws__is_connection_error(e) ? RWS_ERR_CONNECTION_LOST : RWS_ERR_SERVER;
}

void rws__backend_init(rws_backend *b, const rws_backend_spec *spec, int index)
{
    b->spec = *spec;
    b->index = index;
    atomic_store(&b->role, (int)spec->role);
    atomic_store(&b->weight, spec->weight);
    atomic_store(&b->state, RWS_BACKEND_UNKNOWN);
    atomic_store(&b->lag_us, -1);
    atomic_store(&b->replicating, -1);
    atomic_store(&b->read_only, -1);
    pthread_mutex_init(&b->pos_lock, NULL);
}

void rws__backend_mark_down(rws_backend *b, const rws_options *o, int64_t now_us)
{
    int prev = atomic_exchange(&b->state, RWS_BACKEND_DOWN);
    atomic_fetch_add(&b->epoch, 1);
    int backoff = atomic_load(&b->backoff_ms);
    if (prev != RWS_BACKEND_DOWN || backoff <= 0)
        backoff = o->backoff_start_ms;
    else if (backoff < o->backoff_max_ms)
        backoff = backoff * 2 > o->backoff_max_ms ? o->backoff_max_ms : backoff * 2;
    atomic_store(&b->backoff_ms, backoff);
    atomic_store(&b->retry_at_us, now_us + (int64_t)backoff * 1000);
    atomic_fetch_add(&b->stats.errors, 1);
}

void rws__backend_mark_up(rws_backend *b)
{
    int prev = atomic_load(&b->state);
    if (prev == RWS_BACKEND_DOWN || prev == RWS_BACKEND_UNKNOWN || prev == RWS_BACKEND_AUTH)
        atomic_compare_exchange_strong(&b->state, &prev, RWS_BACKEND_UP);
    atomic_store(&b->backoff_ms, 0);
}

int rws__backend_may_connect(rws_backend *b, const rws_options *o, int64_t now_us)
{
    int st = atomic_load(&b->state);
    if (st != RWS_BACKEND_DOWN && st != RWS_BACKEND_AUTH)
        return 1;
    int64_t at = atomic_load(&b->retry_at_us);
    if (now_us < at)
        return 0;
    /* Claim this attempt: the others keep waiting for the current backoff. */
    int backoff = atomic_load(&b->backoff_ms);
    if (backoff <= 0)
        backoff = o->backoff_start_ms;
    return atomic_compare_exchange_strong(&b->retry_at_us, &at, now_us + (int64_t)backoff * 1000);
}

void rws__backend_record_latency(rws_backend *b, int64_t us)
{
    if (us < 0)
        return;
    rws__ewma_update(&b->latency, (double)us, 0.125);
    int k = 0;
    for (uint64_t v = (uint64_t)us; v > 1 && k < RWS_LATENCY_BUCKETS - 1; v >>= 1)
        k++;
    atomic_fetch_add_explicit(&b->latency_hist[k], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&b->latency_sum_us, (uint64_t)us, memory_order_relaxed);
}

double rws__backend_latency_quantile(const rws_backend *b, double q)
{
    uint64_t counts[RWS_LATENCY_BUCKETS], total = 0;
    for (int k = 0; k < RWS_LATENCY_BUCKETS; k++)
        total += counts[k] = atomic_load_explicit(&b->latency_hist[k], memory_order_relaxed);
    if (total == 0)
        return 0;
    uint64_t rank = (uint64_t)(q * (double)(total - 1)) + 1, seen = 0;
    for (int k = 0; k < RWS_LATENCY_BUCKETS; k++) {
        seen += counts[k];
        if (seen >= rank)
            return (double)((uint64_t)1 << (k + 1));
    }
    return (double)((uint64_t)1 << RWS_LATENCY_BUCKETS);
}

void rws__backend_get_pos(rws_backend *b, char *buf, size_t len)
{
    pthread_mutex_lock(&b->pos_lock);
    rws__strlcpy(buf, b->gtid_pos, len);
    pthread_mutex_unlock(&b->pos_lock);
}

void rws__backend_set_pos(rws_backend *b, const char *pos)
{
    pthread_mutex_lock(&b->pos_lock);
    rws__strlcpy(b->gtid_pos, pos ? pos : "", sizeof b->gtid_pos);
    pthread_mutex_unlock(&b->pos_lock);
}
