/* A tiny program that uses an installed librwsplit: version check and a classification. */
#include <rwsplit.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    if (rws_version_num() != RWS_VERSION_NUM) {
        fprintf(stderr, "header %d != library %u\n", RWS_VERSION_NUM, rws_version_num());
        return 1;
    }
    rws_classification c;
    const char *sql = "SELECT 1";
    rws_classify(sql, strlen(sql), &c);
    rws_cluster *cluster = rws_cluster_new();
    if (!cluster)
        return 1;
    rws_cluster_free(cluster);
    printf("rwsplit %s: '%s' -> %s\n", rws_version(), sql, rws_route_name(c.route));
    return c.route == RWS_ROUTE_REPLICA ? 0 : 1;
}
