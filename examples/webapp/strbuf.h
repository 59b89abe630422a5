/* A growable, always NUL-terminated byte buffer: the one way the app builds text. */
#ifndef SHOP_STRBUF_H
#define SHOP_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct strbuf {
    char *data; /* NUL-terminated; NULL until the first append */
    size_t len; /* bytes used, without the NUL */
    size_t cap; /* bytes allocated */
    int failed; /* an allocation failed: the content is incomplete */
} strbuf;

void sb_init(strbuf *sb);
void sb_free(strbuf *sb);
/* Append len bytes. On allocation failure sets sb->failed and appends nothing more. */
void sb_append(strbuf *sb, const char *s, size_t len);
void sb_puts(strbuf *sb, const char *s);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Hand the buffer over (never NULL unless out of memory; "" for an empty buffer); sb is reset. */
char *sb_steal(strbuf *sb, size_t *len);

#endif
