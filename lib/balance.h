/* Choosing a replica among eligible ones, and the latency EWMA that feeds least_latency.
 * Pure code: no I/O, no locks, no global state. Every pick is lock-free: the only shared state is
 * a round-robin counter and a random-number state, both atomics in a rws_balance_state that the
 * caller keeps per cluster (or per connection) and may share between threads.
 *
 * Policies (rws_balance from options.h), all honouring each candidate's weight (1-1000):
 * - ROUND_ROBIN: a weighted round robin from one shared counter. Over any run of W consecutive
 *   picks (W = the sum of the eligible weights divided by their gcd) every candidate is chosen
 *   exactly weight/gcd times, however many threads pick. The counter is mapped through a
 *   golden-ratio stride permutation of 0..W-1 so that large, near-equal weights (999:1000)
 *   interleave instead of coming in blocks of a thousand.
 * - RANDOM: weighted random, P(i) = weight_i / sum of weights, from a splitmix64 stream.
 * - LEAST_LAG: the candidates whose lag is within lag_tie_us of the smallest lag are tied (lags
 *   are noisy; without a tolerance one replica would take every read), and the tie is broken by
 *   the weighted round robin. An unknown lag (< 0) is worse than any known lag.
 * - LEAST_LATENCY: weighted random with P(i) proportional to weight_i / latency_i^2, so a
 *   replica twice as fast gets four times the reads and one with twice the weight twice the
 *   reads, while a slower one still gets some (never zero): its EWMA keeps being refreshed and
 *   it wins back traffic when it recovers; picking to the inverse square also avoids the herd
 *   effect of always sending everything to the current minimum. In addition, explore_permille
 *   (default 2%) of the picks ignore latency (plain weighted random), so that a replica whose
 *   EWMA was pushed up by a transient spike is re-measured soon. A candidate with no latency
 *   sample yet counts as fast as the fastest measured one (so it gets measured); with no samples
 *   at all the pick is weighted random.
 *
 * Retries: clear a candidate's `eligible` flag (rws__balance_exclude()) and pick again. */
#ifndef RWS_BALANCE_H
#define RWS_BALANCE_H

#include "options.h"

#include <stdatomic.h>
#include <stdint.h>

/** Weights are clamped to 1..RWS_BALANCE_MAX_WEIGHT. */
#define RWS_BALANCE_MAX_WEIGHT 1000u
/** Most candidates one pick considers (more: the pick returns -1). */
#define RWS_BALANCE_MAX_CANDIDATES 4096u
/** Default lag tolerance of LEAST_LAG (microseconds). */
#define RWS_BALANCE_LAG_TIE_US 1000
/** Default share of LEAST_LATENCY picks that ignore latency (per mille). */
#define RWS_BALANCE_EXPLORE_PERMILLE 20u

/** One replica as the balancer sees it; built by the caller from the monitor's snapshot. */
typedef struct rws_balance_candidate {
    int index;         /**< The caller's backend index: what a pick returns. */
    unsigned weight;   /**< 1..1000 (0 counts as 1, more as 1000). */
    int64_t lag_us;    /**< Replication lag in microseconds; < 0 when unknown. */
    double latency_us; /**< Latency EWMA in microseconds; <= 0 or NaN when not yet measured. */
    int eligible;      /**< 0: never chosen (down, lagging, or just failed in this retry). */
} rws_balance_candidate;

/** Shared, lock-free picking state. Initialise with rws__balance_init() before use; it may then
 * be used by any number of threads at once. The two tunables are plain fields: set them after
 * init and before sharing. */
typedef struct rws_balance_state {
    _Atomic uint64_t rr;       /**< Round-robin counter. */
    _Atomic uint64_t rng;      /**< splitmix64 state. */
    int64_t lag_tie_us;        /**< LEAST_LAG tolerance; default RWS_BALANCE_LAG_TIE_US. */
    unsigned explore_permille; /**< LEAST_LATENCY exploration; default 20, at most 1000. */
} rws_balance_state;

/** Initialise st: counter 0, random stream from seed (the same seed gives the same picks in a
 * single thread, for tests; in production pass e.g. time ^ address), default tunables. */
void rws__balance_init(rws_balance_state *st, uint64_t seed);

/** Choose a candidate under policy.
 * @param cand the candidates (not modified); @param n how many (0 is allowed).
 * @param st the shared state. Thread-safe: concurrent picks on one st are fine.
 * @return the chosen candidate's `index` field, or -1 if none is eligible (or n is larger than
 * RWS_BALANCE_MAX_CANDIDATES, or policy is unknown). */
int rws__balance_pick(rws_balance policy, const rws_balance_candidate *cand, size_t n,
                      rws_balance_state *st);

/** Clear `eligible` on every candidate whose index is `index` (the backend that just failed),
 * so that the next pick of a retry avoids it. @return how many candidates were excluded. */
size_t rws__balance_exclude(rws_balance_candidate *cand, size_t n, int index);

/** The next 64 random bits of st's splitmix64 stream (lock-free, thread-safe). Also usable for
 * jitter (reconnect back-off); not for anything secret. */
uint64_t rws__balance_random(rws_balance_state *st);

/** A latency EWMA that threads may update and read concurrently without a lock: the double is
 * kept as its bit pattern in an _Atomic uint64_t and updated with a compare-exchange loop, so no
 * update is lost or torn (a plain double would be a data race, undefined behaviour in C11).
 * Zero-filled (or rws__ewma_reset()) means "no sample yet". Relaxed ordering: it is a statistic,
 * nothing else is published through it. */
typedef struct rws_ewma {
    _Atomic uint64_t bits;
} rws_ewma;

/** The EWMA step: prev + alpha * (sample - prev); the first sample (prev <= 0) is taken as is.
 * alpha is clamped to (0, 1]: e.g. 0.2 weighs the last ~5 samples. Pure. */
double rws__ewma_next(double prev, double sample_us, double alpha);

/** Fold one sample into e atomically (lock-free; may retry under contention). Negative, NaN and
 * infinite samples are ignored; a first sample of exactly 0 leaves e at "no sample". */
void rws__ewma_update(rws_ewma *e, double sample_us, double alpha);

/** The current value of e in microseconds, 0 when there is no sample yet. */
double rws__ewma_get(const rws_ewma *e);

/** Forget every sample (e.g. after a backend comes back up). */
void rws__ewma_reset(rws_ewma *e);

#endif
