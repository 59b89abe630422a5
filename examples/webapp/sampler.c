/* Lag history for /status: one ring buffer per backend, filled by one thread. */
#include "sampler.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sampler {
    rws_cluster *cluster;
    unsigned interval_ms;
    size_t keep;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int stop;
    lag_sample *ring[SAMPLER_MAX_BACKENDS]; /* keep entries each */
    size_t head[SAMPLER_MAX_BACKENDS];      /* next slot to write */
    size_t count[SAMPLER_MAX_BACKENDS];
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void take(sampler *s)
{
    size_t n = rws_cluster_backend_count(s->cluster);
    if (n > SAMPLER_MAX_BACKENDS)
        n = SAMPLER_MAX_BACKENDS;
    int64_t t = now_ms();
    for (size_t i = 0; i < n; i++) {
        rws_backend_info info;
        if (rws_cluster_backend_info(s->cluster, i, &info) != RWS_OK)
            continue;
        pthread_mutex_lock(&s->lock);
        lag_sample *slot = &s->ring[i][s->head[i]];
        slot->t_ms = t;
        slot->lag_ms = info.lag_ms;
        slot->state = (int)info.state;
        s->head[i] = (s->head[i] + 1) % s->keep;
        if (s->count[i] < s->keep)
            s->count[i]++;
        pthread_mutex_unlock(&s->lock);
    }
}

static void *run(void *arg)
{
    sampler *s = arg;
    pthread_mutex_lock(&s->lock);
    while (!s->stop) {
        pthread_mutex_unlock(&s->lock);
        take(s);
        pthread_mutex_lock(&s->lock);
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += s->interval_ms / 1000;
        until.tv_nsec += (long)(s->interval_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!s->stop && pthread_cond_timedwait(&s->wake, &s->lock, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

static void free_rings(sampler *s)
{
    for (size_t i = 0; i < SAMPLER_MAX_BACKENDS; i++)
        free(s->ring[i]);
}

sampler *sampler_start(rws_cluster *cluster, unsigned interval_ms, size_t keep)
{
    sampler *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->cluster = cluster;
    s->interval_ms = interval_ms ? interval_ms : 1000;
    s->keep = keep ? keep : 1;
    for (size_t i = 0; i < SAMPLER_MAX_BACKENDS; i++)
        if (!(s->ring[i] = calloc(s->keep, sizeof *s->ring[i]))) {
            free_rings(s);
            free(s);
            return NULL;
        }
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->wake, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&s->lock, NULL);
    if (pthread_create(&s->thread, NULL, run, s) != 0) {
        pthread_cond_destroy(&s->wake);
        pthread_mutex_destroy(&s->lock);
        free_rings(s);
        free(s);
        return NULL;
    }
    return s;
}

void sampler_stop(sampler *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->stop = 1;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thread, NULL);
    pthread_cond_destroy(&s->wake);
    pthread_mutex_destroy(&s->lock);
    free_rings(s);
    free(s);
}

unsigned sampler_interval_ms(const sampler *s)
{
    return s->interval_ms;
}

size_t sampler_copy(sampler *s, size_t backend, lag_sample *out, size_t max)
{
    if (backend >= SAMPLER_MAX_BACKENDS)
        return 0;
    pthread_mutex_lock(&s->lock);
    size_t n = s->count[backend] < max ? s->count[backend] : max;
    /* the newest n, oldest first */
    size_t start = (s->head[backend] + s->keep - n) % s->keep;
    for (size_t i = 0; i < n; i++)
        out[i] = s->ring[backend][(start + i) % s->keep];
    pthread_mutex_unlock(&s->lock);
    return n;
}
