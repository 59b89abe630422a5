/* Replica choice: weighted round robin, random, least lag, least latency; latency EWMA.
 * See balance.h for the policies. Lock-free: the only shared state is two atomics. */
#include "balance.h"

#include <math.h>
#include <string.h>

void rws__balance_init(rws_balance_state *st, uint64_t seed)
{
    atomic_init(&st->rr, 0);
    atomic_init(&st->rng, seed);
    st->lag_tie_us = RWS_BALANCE_LAG_TIE_US;
    st->explore_permille = RWS_BALANCE_EXPLORE_PERMILLE;
}

/* splitmix64 (Steele, Lea, Flood 2014): the state only ever advances by a constant, so one
 * atomic fetch-add hands every caller its own element of the stream. */
uint64_t rws__balance_random(rws_balance_state *st)
{
    const uint64_t gamma = 0x9e3779b97f4a7c15ull;
    uint64_t z = atomic_fetch_add_explicit(&st->rng, gamma, memory_order_relaxed) + gamma;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

size_t rws__balance_exclude(rws_balance_candidate *cand, size_t n, int index)
{
    size_t count = 0;
    for (size_t k = 0; k < n; k++) {
        if (cand[k].index == index && cand[k].eligible) {
            cand[k].eligible = 0;
            count++;
        }
    }
    return count;
}

static uint64_t weight_of(const rws_balance_candidate *c)
{
    if (c->weight == 0)
        return 1;
    return c->weight > RWS_BALANCE_MAX_WEIGHT ? RWS_BALANCE_MAX_WEIGHT : c->weight;
}

static int64_t lag_key(const rws_balance_candidate *c)
{
    return c->lag_us < 0 ? INT64_MAX : c->lag_us;
}

/* Candidates a pick may choose: eligible, and (for LEAST_LAG) with lag_key <= max_lag. */
static int member(const rws_balance_candidate *c, int64_t max_lag)
{
    return c->eligible && lag_key(c) <= max_lag;
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* The member with weight-walk position r (0 <= r < sum of w/g over members). */
static int walk(const rws_balance_candidate *cand, size_t n, int64_t max_lag, uint64_t g,
                uint64_t r)
{
    int last = -1;
    for (size_t k = 0; k < n; k++) {
        if (!member(&cand[k], max_lag))
            continue;
        uint64_t w = weight_of(&cand[k]) / g;
        if (r < w)
            return cand[k].index;
        r -= w;
        last = cand[k].index;
    }
    return last;
}

/* Weighted round robin over the members. */
static int pick_rr(const rws_balance_candidate *cand, size_t n, int64_t max_lag,
                   rws_balance_state *st)
{
    uint64_t g = 0, total = 0;
    for (size_t k = 0; k < n; k++)
        if (member(&cand[k], max_lag))
            g = gcd(g, weight_of(&cand[k]));
    if (g == 0)
        return -1;
    for (size_t k = 0; k < n; k++)
        if (member(&cand[k], max_lag))
            total += weight_of(&cand[k]) / g;
    uint64_t r = atomic_fetch_add_explicit(&st->rr, 1, memory_order_relaxed) % total;
    /* A stride near total/phi, coprime with total, makes r -> r*stride a permutation of
     * 0..total-1 that visits the weight blocks in an interleaved order. */
    uint64_t stride = (uint64_t)((double)total * 0.6180339887498949);
    if (stride == 0)
        stride = 1;
    while (gcd(stride, total) != 1)
        stride++;
    return walk(cand, n, max_lag, g, r * stride % total);
}

/* Weighted random over the eligible candidates, from the random value rnd. */
static int pick_random(const rws_balance_candidate *cand, size_t n, uint64_t rnd)
{
    uint64_t total = 0;
    for (size_t k = 0; k < n; k++)
        if (cand[k].eligible)
            total += weight_of(&cand[k]);
    if (total == 0)
        return -1;
    /* Modulo bias is below total / 2^64 (< 1e-12): irrelevant here. */
    return walk(cand, n, INT64_MAX, 1, rnd % total);
}

static int pick_least_lag(const rws_balance_candidate *cand, size_t n, rws_balance_state *st)
{
    int64_t best = INT64_MAX;
    int any = 0;
    for (size_t k = 0; k < n; k++) {
        if (cand[k].eligible) {
            any = 1;
            if (lag_key(&cand[k]) < best)
                best = lag_key(&cand[k]);
        }
    }
    if (!any)
        return -1;
    int64_t tie = st->lag_tie_us > 0 ? st->lag_tie_us : 0;
    int64_t max_lag = best > INT64_MAX - tie ? INT64_MAX : best + tie;
    return pick_rr(cand, n, max_lag, st);
}

static int known_latency(double l)
{
    return l > 0 && isfinite(l);
}

static int pick_least_latency(const rws_balance_candidate *cand, size_t n, rws_balance_state *st)
{
    uint64_t rnd = rws__balance_random(st);
    unsigned explore = st->explore_permille > 1000 ? 1000 : st->explore_permille;
    /* Low bits decide exploration, the top 53 bits place the pick: independent enough. */
    if (rnd % 1000 < explore)
        return pick_random(cand, n, rnd >> 11);
    double fastest = INFINITY;
    for (size_t k = 0; k < n; k++)
        if (cand[k].eligible && known_latency(cand[k].latency_us) && cand[k].latency_us < fastest)
            fastest = cand[k].latency_us;
    if (fastest == INFINITY)
        return pick_random(cand, n, rnd >> 11);
    double sum = 0;
    for (size_t k = 0; k < n; k++) {
        if (!cand[k].eligible)
            continue;
        double l = known_latency(cand[k].latency_us) ? cand[k].latency_us : fastest;
        if (l < 1.0)
            l = 1.0;
        sum += (double)weight_of(&cand[k]) / (l * l);
    }
    double u = (double)(rnd >> 11) * 0x1.0p-53 * sum;
    int last = -1;
    for (size_t k = 0; k < n; k++) {
        if (!cand[k].eligible)
            continue;
        double l = known_latency(cand[k].latency_us) ? cand[k].latency_us : fastest;
        if (l < 1.0)
            l = 1.0;
        double s = (double)weight_of(&cand[k]) / (l * l);
        if (u < s)
            return cand[k].index;
        u -= s;
        last = cand[k].index;
    }
    return last; /* rounding left u just above the last score */
}

int rws__balance_pick(rws_balance policy, const rws_balance_candidate *cand, size_t n,
                      rws_balance_state *st)
{
    if (n == 0 || n > RWS_BALANCE_MAX_CANDIDATES)
        return -1;
    switch (policy) {
    case RWS_BALANCE_ROUND_ROBIN: return pick_rr(cand, n, INT64_MAX, st);
    case RWS_BALANCE_RANDOM: return pick_random(cand, n, rws__balance_random(st));
    case RWS_BALANCE_LEAST_LAG: return pick_least_lag(cand, n, st);
    case RWS_BALANCE_LEAST_LATENCY: return pick_least_latency(cand, n, st);
    }
    return -1;
}

/* ---- EWMA -------------------------------------------------------------------------------- */

double rws__ewma_next(double prev, double sample_us, double alpha)
{
    if (!(alpha > 0) || alpha > 1)
        alpha = 1;
    if (!(prev > 0))
        return sample_us;
    return prev + alpha * (sample_us - prev);
}

static double from_bits(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static uint64_t to_bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

void rws__ewma_update(rws_ewma *e, double sample_us, double alpha)
{
    if (!(sample_us >= 0) || !isfinite(sample_us))
        return;
    uint64_t old = atomic_load_explicit(&e->bits, memory_order_relaxed);
    uint64_t next;
    do {
        next = to_bits(rws__ewma_next(from_bits(old), sample_us, alpha));
    } while (!atomic_compare_exchange_weak_explicit(&e->bits, &old, next, memory_order_relaxed,
                                                    memory_order_relaxed));
}

double rws__ewma_get(const rws_ewma *e)
{
    /* C11 atomic_load takes a non-const pointer; the object itself is not const. */
    return from_bits(atomic_load_explicit((_Atomic uint64_t *)&e->bits, memory_order_relaxed));
}

void rws__ewma_reset(rws_ewma *e)
{
    atomic_store_explicit(&e->bits, 0, memory_order_relaxed);
}
