/* Temporary: the configuration branch brings the full rws__credentials_password(). */
#include "options.h"

rws_code rws__credentials_password(const rws_credentials *c, char **out, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    *out = NULL;
    if (c->password && !(*out = rws__strdup(c->password)))
        return RWS_ERR_NOMEM;
    return RWS_OK;
}
