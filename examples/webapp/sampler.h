/* A small thread that samples every backend's lag and state once a second into a ring buffer
 * per backend, for the chart on /status. */
#ifndef SHOP_SAMPLER_H
#define SHOP_SAMPLER_H

#include <rwsplit.h>

#include <stddef.h>
#include <stdint.h>

#define SAMPLER_MAX_BACKENDS 16

typedef struct lag_sample {
    int64_t t_ms;   /* wall clock, ms since the epoch */
    int64_t lag_ms; /* -1 unknown */
    int state;      /* rws_state */
} lag_sample;

typedef struct sampler sampler;

/* Start sampling every interval_ms, keeping the last `keep` samples per backend. NULL if out
 * of memory or the thread could not start. */
sampler *sampler_start(rws_cluster *cluster, unsigned interval_ms, size_t keep);
/* Stop the thread and free everything. NULL is a no-op. */
void sampler_stop(sampler *s);
unsigned sampler_interval_ms(const sampler *s);
/* Copy backend i's samples, oldest first, into out (at most max). Returns how many. */
size_t sampler_copy(sampler *s, size_t backend, lag_sample *out, size_t max);

#endif
