/* rwsplit bench against servers: plain Connector/C vs librwsplit, and --verify. */
#ifndef RWSPLIT_BENCH_SERVERS_H
#define RWSPLIT_BENCH_SERVERS_H

#include <stdio.h>

/* argv[0] is "bench"; the options are described by bench_servers_usage(). */
int bench_servers(int argc, char **argv);
void bench_servers_usage(FILE *out);

#endif
