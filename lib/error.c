/* Result codes: their static texts, and the small string helpers every file uses. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *rws_strerror(rws_code code)
{
    switch (code) {
    case RWS_OK: return "success";
    case RWS_ERR_INVALID: return "invalid argument or call out of sequence";
    case RWS_ERR_NOMEM: return "out of memory";
    case RWS_ERR_CONFIG: return "invalid configuration";
    case RWS_ERR_SERVER: return "the server returned an error";
    case RWS_ERR_CONNECT: return "cannot connect to the backend";
    case RWS_ERR_CONNECTION_LOST: return "connection lost during a statement that is not retried";
    case RWS_ERR_PRIMARY_DOWN: return "the primary is unavailable";
    case RWS_ERR_NO_REPLICA: return "no eligible replica";
    case RWS_ERR_STATE_LOST: return "session state was lost on reconnect";
    case RWS_ERR_TIMEOUT: return "the backend did not answer in time";
    case RWS_ERR_TLS: return "TLS could not be established";
    case RWS_ERR_TOKEN: return "malformed causal token";
    case RWS_ERR_NOT_SUPPORTED: return "not supported by the server";
    case RWS_ERR_INTERNAL: return "internal error in librwsplit";
    }
    return "unknown result code";
}

size_t rws__vfmt(char *buf, size_t size, const char *fmt, va_list ap)
{
    if (size == 0)
        return 0;
    int n = vsnprintf(buf, size, fmt, ap);
    if (n < 0) {
        buf[0] = '\0';
        return 0;
    }
    return (size_t)n < size ? (size_t)n : size - 1;
}

size_t rws__fmt(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = rws__vfmt(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

char *rws__strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

char *rws__strndup(const char *s, size_t len)
{
    char *d = malloc(len + 1);
    if (d) {
        if (len)
            memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

void rws__strlcpy(char *dst, const char *src, size_t size)
{
    if (size == 0)
        return;
    size_t n = src ? strlen(src) : 0;
    if (n >= size)
        n = size - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

int64_t rws__now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
