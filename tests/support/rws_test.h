/* Helpers shared by the integration and fault tests: where the servers are, an admin connection
 * to one node, and the cluster script's fault helpers. */
#ifndef RWS_TEST_H
#define RWS_TEST_H

#include <rwsplit.h>

#include <criterion/criterion.h>

/* A setting of the test servers: from the environment, else from the env file written by
 * tests/cluster/cluster.sh (RWS_TEST_ENV_FILE). NULL if unset. */
const char *rws_test_env(const char *key);

/* Nodes of the test topology: 0 is the primary, 1.. the replicas in RWS_TEST_REPLICAS order. */
int rws_test_replica_count(void);
/* host and port of node i; returns 0, or -1 if there is no such node. */
int rws_test_node_addr(int node, char *host, size_t hostlen, unsigned *port);
/* The name the test cluster gives node i: "primary", "replica1", "replica2". */
const char *rws_test_node_name(int node);

/* A cluster over the test servers (not started), with options applied from "name=value" pairs
 * terminated by NULL. Fails the current test if it cannot be built. */
rws_cluster *rws_test_cluster(const char *first_option, ...);

/* A plain Connector/C connection to node i as the admin user (database selected). Fails the test
 * if it cannot connect. */
MYSQL *rws_test_admin(int node);

/* Run a statement on a plain connection; fails the test on error. */
void rws_test_exec(MYSQL *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Run a statement on an rws_conn and read (discard) all its results; fails the test on error. */
void rws_test_ok(rws_conn *c, const char *sql);
/* First column of the first row of a query on a plain connection, copied into buf ("" for NULL). */
void rws_test_scalar(MYSQL *m, char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* First column of the first row of a query on an rws_conn (fails the test on error). */
void rws_test_conn_scalar(rws_conn *c, char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Monotonic time in seconds, and a sleep in milliseconds, for tests that poll. */
double rws_test_now_s(void);
void rws_test_sleep_ms(int ms);

/* Run the cluster script with arguments (e.g. "stop-sql-thread replica1"); returns its status.
 * Skips the test when the servers are external (no script). */
int rws_test_cluster_cmd(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Wait until every replica has applied everything the primary has (bounded); fails the test on
 * timeout. */
void rws_test_wait_sync(void);

#endif
