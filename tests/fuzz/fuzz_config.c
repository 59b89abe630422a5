/* libFuzzer target: random text into the configuration parser (rws__config_parse_string). No
 * file is written; @include is refused without reading. Checks: no crash, no leak, no UB, a
 * terminated message within its buffer, and a parsed result that keeps the loader's promises. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/* libconfig (1.5 as in Debian 12, and upstream to this day) has no bison %destructor: on a syntax
 * error the string or name token in hand is never freed. That leak is libconfig's, one token per
 * failed parse; only allocations made by its lexer are excused, so a config_destroy() missing in
 * our code (settings allocated by the parser) is still caught. */
const char *__lsan_default_suppressions(void)
{
    return "leak:strbuf_append\nleak:libconfig_yylex\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    rws_config cfg;
    char errs[4096];
    memset(errs, 'x', sizeof errs);
    rws_code rc = rws__config_parse_string(text, "fuzz.conf", &cfg, errs, sizeof errs);
    if (!memchr(errs, '\0', sizeof errs))
        abort(); /* the message must be terminated inside its buffer */
    for (const char *c = errs; *c; c++)
        if (((unsigned char)*c < 0x20 && *c != '\n') || *c == 0x7f)
            abort(); /* one problem per line: no other control character */
    if (rc == RWS_OK) {
        /* a loaded configuration has exactly one primary, first, and named backends */
        if (errs[0] || cfg.nspecs < 1 || cfg.specs[0].role != RWS_ROLE_PRIMARY)
            abort();
        for (size_t i = 0; i < cfg.nspecs; i++) {
            const rws_backend_spec *b = &cfg.specs[i];
            if (!b->name || (i > 0 && b->role != RWS_ROLE_REPLICA) || (!b->host && !b->socket))
                abort();
            if (b->weight < RWS_WEIGHT_MIN || b->weight > RWS_WEIGHT_MAX)
                abort();
        }
    } else if (rc == RWS_ERR_CONFIG) {
        if (!errs[0] || cfg.nspecs != 0 || cfg.specs)
            abort(); /* a failure says why and applies nothing */
    }
    rws__config_free(&cfg);
    free(text);
    return 0;
}
