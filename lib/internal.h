/* Private declarations shared by the files under lib/. Never installed.
 *
 * Conventions: `rws__` prefixes internal functions that are not static; every such function is
 * declared in a header under lib/ next to its concern (options.h, gtid.h, ...). This header holds
 * what every file needs. */
#ifndef RWS_INTERNAL_H
#define RWS_INTERNAL_H

#include "rwsplit.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RWS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define RWS_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define RWS_PRINTF(fmt, args)
#endif

/* A fixed-size error message owned by a handle. */
#define RWS_ERRMSG_SIZE 512

/* snprintf that never overflows and always terminates; returns the length written. */
size_t rws__fmt(char *buf, size_t size, const char *fmt, ...) RWS_PRINTF(3, 4);
size_t rws__vfmt(char *buf, size_t size, const char *fmt, va_list ap) RWS_PRINTF(3, 0);

/* strdup that returns NULL for NULL. */
char *rws__strdup(const char *s);
/* A NUL-terminated heap copy of len bytes (which may hold no NUL); NULL if out of memory. */
char *rws__strndup(const char *s, size_t len);
/* Copy at most size-1 bytes and terminate. */
void rws__strlcpy(char *dst, const char *src, size_t size);

/* Monotonic clock in microseconds. */
int64_t rws__now_us(void);

#endif
