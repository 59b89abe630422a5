/* HTML output: escaping, and a small printf whose %s always escapes. */
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void html_escape(strbuf *sb, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        const char *ent;
        switch (s[i]) {
        case '&': ent = "&amp;"; break;
        case '<': ent = "&lt;"; break;
        case '>': ent = "&gt;"; break;
        case '"': ent = "&quot;"; break;
        case '\'': ent = "&#39;"; break;
        default: continue;
        }
        sb_append(sb, s + start, i - start);
        sb_puts(sb, ent);
        start = i + 1;
    }
    sb_append(sb, s + start, len - start);
}

const char *html_money(long long cents, char *buf, size_t len)
{
    const char *sign = cents < 0 ? "-" : "";
    unsigned long long v = cents < 0 ? 0ULL - (unsigned long long)cents : (unsigned long long)cents;
    snprintf(buf, len, "%s%llu.%02llu", sign, v / 100, v % 100);
    return buf;
}

void html_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *p = fmt;
    while (*p) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            sb_puts(sb, p);
            break;
        }
        sb_append(sb, p, (size_t)(pct - p));
        char num[48];
        switch (pct[1]) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (s)
                html_escape(sb, s, strlen(s));
            break;
        }
        case 'r': {
            const char *s = va_arg(ap, const char *);
            if (s)
                sb_puts(sb, s);
            break;
        }
        case 'd':
            snprintf(num, sizeof num, "%d", va_arg(ap, int));
            sb_puts(sb, num);
            break;
        case 'L':
            snprintf(num, sizeof num, "%lld", va_arg(ap, long long));
            sb_puts(sb, num);
            break;
        case 'M': sb_puts(sb, html_money(va_arg(ap, long long), num, sizeof num)); break;
        case '%': sb_puts(sb, "%"); break;
        default:
            sb_puts(sb, "?");
            if (!pct[1]) {
                va_end(ap);
                return;
            }
            break;
        }
        p = pct + 2;
    }
    va_end(ap);
}
