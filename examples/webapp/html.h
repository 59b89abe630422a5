/* HTML output: escaping, and a small printf whose %s always escapes. */
#ifndef SHOP_HTML_H
#define SHOP_HTML_H

#include "strbuf.h"

#include <stddef.h>

/* Append s (len bytes) with & < > " ' replaced by entities: safe in text and in quoted
 * attribute values. */
void html_escape(strbuf *sb, const char *s, size_t len);

/* Append a formatted fragment. Directives (no flags, widths or precisions):
 *   %s  a const char *, HTML-escaped (NULL prints nothing): the default for anything a user or
 *       the database supplied
 *   %r  a const char *, raw: only for markup the program itself wrote
 *   %d  an int          %L  a long long
 *   %M  a long long amount in cents, as "12.34"
 *   %%  a percent sign
 * An unknown directive is a programming error: it prints "?" so a test sees it. */
void html_printf(strbuf *sb, const char *fmt, ...);

/* Format cents as "12.34" into buf (at least 32 bytes). Returns buf. */
const char *html_money(long long cents, char *buf, size_t len);

#endif
