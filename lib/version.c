/* The version of the library actually loaded, and the one-time library initialisation. */
#include "internal.h"

#include <pthread.h>

unsigned rws_version_num(void)
{
    return RWS_VERSION_NUM;
}

const char *rws_version(void)
{
    return RWS_VERSION_STRING;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static rws_code init_result = RWS_OK;

static void library_init_once(void)
{
    /* mysql_library_init is not thread-safe: the once-flag serialises it. */
    if (mysql_library_init(0, NULL, NULL) != 0)
        init_result = RWS_ERR_INTERNAL;
}

rws_code rws_library_init(void)
{
    pthread_once(&init_once, library_init_once);
    return init_result;
}
