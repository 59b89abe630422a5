/* No heap allocation on the routing path of a text query in the steady state: a point select
 * through librwsplit allocates exactly what the same select through plain Connector/C allocates
 * (the connector's own result buffers), counted by interposing malloc in this process. */
#include "rws_test.h"

#include <string.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SANITIZED 1
#endif
#endif

#ifndef SANITIZED
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static _Thread_local int counting;
static _Thread_local long allocations;

void *malloc(size_t n)
{
    allocations += counting;
    return __libc_malloc(n);
}

void *calloc(size_t a, size_t b)
{
    allocations += counting;
    return __libc_calloc(a, b);
}

void *realloc(void *p, size_t n)
{
    allocations += counting;
    return __libc_realloc(p, n);
}
#endif

#define ROUNDS 1000

#ifndef SANITIZED
static void read_all(MYSQL_RES *r)
{
    cr_assert_not_null(r);
    while (mysql_fetch_row(r))
        ;
    mysql_free_result(r);
}
#endif

Test(alloc, routing_path_allocates_nothing_beyond_the_connector)
{
#ifdef SANITIZED
    cr_skip_test("malloc cannot be interposed under a sanitizer");
#else
    rws_cluster *cluster = rws_test_cluster("consistency=eventual", NULL);
    rws_conn *conn = NULL;
    cr_assert_eq(rws_conn_open(cluster, &conn), RWS_OK, "%s", rws_error(conn));
    MYSQL *raw = rws_cluster_connect_backend(cluster, 1); /* the first replica */
    cr_assert_not_null(raw, "%s", rws_cluster_error(cluster));
    const char *sql = "SELECT 1, 'abc', NULL";
    size_t len = strlen(sql);

    for (int i = 0; i < 100; i++) { /* warm up: links, replay, first-use allocations */
        cr_assert_eq(rws_real_query(conn, sql, len), RWS_OK, "%s", rws_error(conn));
        read_all(rws_store_result(conn));
        cr_assert_eq(mysql_real_query(raw, sql, (unsigned long)len), 0);
        read_all(mysql_store_result(raw));
    }

    allocations = 0;
    counting = 1;
    for (int i = 0; i < ROUNDS; i++) {
        mysql_real_query(raw, sql, (unsigned long)len);
        read_all(mysql_store_result(raw));
    }
    counting = 0;
    long plain = allocations;

    allocations = 0;
    counting = 1;
    for (int i = 0; i < ROUNDS; i++) {
        rws_real_query(conn, sql, len);
        read_all(rws_store_result(conn));
    }
    counting = 0;
    long routed = allocations;

    cr_log_info("allocations per query: plain Connector/C %.2f, through librwsplit %.2f",
                (double)plain / ROUNDS, (double)routed / ROUNDS);
    cr_assert_eq(routed, plain,
                 "librwsplit allocated %ld times in %d queries, the connector alone %ld", routed,
                 ROUNDS, plain);
    mysql_close(raw);
    rws_conn_close(conn);
    rws_cluster_free(cluster);
#endif
}
