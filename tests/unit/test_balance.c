/* Replica balancing: weighted distributions of every policy, eligibility, retries, concurrency,
 * and the atomic latency EWMA. */
#include <criterion/criterion.h>

#include "balance.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#define PICKS 100000

static const rws_balance ALL_POLICIES[] = {RWS_BALANCE_ROUND_ROBIN, RWS_BALANCE_RANDOM,
                                           RWS_BALANCE_LEAST_LAG, RWS_BALANCE_LEAST_LATENCY};

static rws_balance_candidate cand(int index, unsigned weight, int64_t lag_us, double latency_us)
{
    rws_balance_candidate c = {index, weight, lag_us, latency_us, 1};
    return c;
}

/* counts[k] = how often index 10+k was picked in `picks` picks. */
static void count_picks(rws_balance policy, const rws_balance_candidate *c, size_t n,
                        rws_balance_state *st, int picks, long *counts)
{
    memset(counts, 0, n * sizeof *counts);
    for (int k = 0; k < picks; k++) {
        int idx = rws__balance_pick(policy, c, n, st);
        cr_assert(idx >= 10 && idx < 10 + (int)n, "pick returned %d", idx);
        counts[idx - 10]++;
    }
}

Test(balance, round_robin_weights_are_exact)
{
    rws_balance_candidate c[] = {cand(10, 1, 0, 0), cand(11, 2, 0, 0), cand(12, 3, 0, 0)};
    rws_balance_state st;
    rws__balance_init(&st, 1);
    long n[3];
    count_picks(RWS_BALANCE_ROUND_ROBIN, c, 3, &st, 60000, n);
    cr_assert_eq(n[0], 10000);
    cr_assert_eq(n[1], 20000);
    cr_assert_eq(n[2], 30000);
    /* any W = 6 consecutive picks hold each candidate weight times, whatever the start */
    count_picks(RWS_BALANCE_ROUND_ROBIN, c, 3, &st, 1, n);
    for (int w = 0; w < 100; w++) {
        count_picks(RWS_BALANCE_ROUND_ROBIN, c, 3, &st, 6, n);
        cr_assert(n[0] == 1 && n[1] == 2 && n[2] == 3);
    }
    /* 100000 picks: off by less than one cycle */
    count_picks(RWS_BALANCE_ROUND_ROBIN, c, 3, &st, PICKS, n);
    for (int k = 0; k < 3; k++)
        cr_assert_leq(labs(n[k] - PICKS * (k + 1) / 6), 3, "candidate %d: %ld", k, n[k]);
}

Test(balance, round_robin_equal_weights_rotate)
{
    rws_balance_candidate c[] = {cand(10, 5, 0, 0), cand(11, 5, 0, 0), cand(12, 5, 0, 0)};
    rws_balance_state st;
    rws__balance_init(&st, 1);
    for (int k = 0; k < 30; k++)
        cr_assert_eq(rws__balance_pick(RWS_BALANCE_ROUND_ROBIN, c, 3, &st), 10 + k % 3);
}

Test(balance, round_robin_interleaves_large_weights)
{
    /* 999:1000 must not come as a block of 999 picks followed by a block of 1000 */
    rws_balance_candidate c[] = {cand(10, 999, 0, 0), cand(11, 1000, 0, 0)};
    rws_balance_state st;
    rws__balance_init(&st, 1);
    int prev = -1, run = 0, longest = 0;
    long n[2] = {0, 0};
    for (int k = 0; k < 1999; k++) {
        int idx = rws__balance_pick(RWS_BALANCE_ROUND_ROBIN, c, 2, &st);
        n[idx - 10]++;
        run = idx == prev ? run + 1 : 1;
        prev = idx;
        if (run > longest)
            longest = run;
    }
    cr_assert_eq(n[0], 999);
    cr_assert_eq(n[1], 1000);
    cr_assert_leq(longest, 4, "longest run of one replica: %d", longest);
}

Test(balance, random_weighted_within_a_few_percent)
{
    rws_balance_candidate c[] = {cand(10, 1, 0, 0), cand(11, 2, 0, 0), cand(12, 3, 0, 0)};
    rws_balance_state st;
    rws__balance_init(&st, 42);
    long n[3];
    count_picks(RWS_BALANCE_RANDOM, c, 3, &st, PICKS, n);
    for (int k = 0; k < 3; k++) {
        double share = (double)n[k] / PICKS, want = (k + 1) / 6.0;
        cr_assert(fabs(share - want) < 0.01, "candidate %d: %.4f, want %.4f", k, share, want);
    }
}

Test(balance, random_is_deterministic_per_seed)
{
    rws_balance_state a, b, c;
    rws__balance_init(&a, 7);
    rws__balance_init(&b, 7);
    rws__balance_init(&c, 8);
    int differs = 0;
    for (int k = 0; k < 100; k++) {
        uint64_t x = rws__balance_random(&a);
        cr_assert_eq(x, rws__balance_random(&b));
        differs |= x != rws__balance_random(&c);
    }
    cr_assert(differs);
}

Test(balance, ineligible_never_chosen)
{
    rws_balance_candidate c[] = {cand(10, 1000, 0, 1), cand(11, 1, 50000, 900),
                                 cand(12, 1000, 0, 1)};
    c[0].eligible = 0;
    c[2].eligible = 0;
    for (size_t p = 0; p < 4; p++) {
        rws_balance_state st;
        rws__balance_init(&st, 3);
        for (int k = 0; k < 10000; k++)
            cr_assert_eq(rws__balance_pick(ALL_POLICIES[p], c, 3, &st), 11, "policy %zu", p);
    }
}

Test(balance, none_eligible)
{
    rws_balance_candidate c[] = {cand(10, 1, 0, 1), cand(11, 1, 0, 1)};
    c[0].eligible = c[1].eligible = 0;
    rws_balance_state st;
    rws__balance_init(&st, 3);
    for (size_t p = 0; p < 4; p++) {
        cr_assert_eq(rws__balance_pick(ALL_POLICIES[p], c, 2, &st), -1);
        cr_assert_eq(rws__balance_pick(ALL_POLICIES[p], c, 0, &st), -1);
        cr_assert_eq(rws__balance_pick(ALL_POLICIES[p], NULL, 0, &st), -1);
    }
    cr_assert_eq(rws__balance_pick((rws_balance)99, c, 2, &st), -1);
}

Test(balance, exclude_for_retry)
{
    rws_balance_candidate c[] = {cand(10, 1, 0, 0), cand(11, 1, 0, 0), cand(12, 1, 0, 0)};
    rws_balance_state st;
    rws__balance_init(&st, 3);
    int first = rws__balance_pick(RWS_BALANCE_ROUND_ROBIN, c, 3, &st);
    cr_assert_eq(rws__balance_exclude(c, 3, first), 1);
    cr_assert_eq(rws__balance_exclude(c, 3, first), 0, "already excluded");
    cr_assert_eq(rws__balance_exclude(c, 3, 99), 0);
    for (int k = 0; k < 100; k++)
        cr_assert_neq(rws__balance_pick(RWS_BALANCE_ROUND_ROBIN, c, 3, &st), first);
    rws__balance_exclude(c, 3, 10);
    rws__balance_exclude(c, 3, 11);
    rws__balance_exclude(c, 3, 12);
    cr_assert_eq(rws__balance_pick(RWS_BALANCE_RANDOM, c, 3, &st), -1);
}

Test(balance, weights_are_clamped)
{
    rws_balance_candidate c[] = {cand(10, 0, 0, 0), cand(11, 5000, 0, 0)};
    rws_balance_state st;
    rws__balance_init(&st, 3);
    long n[2];
    count_picks(RWS_BALANCE_ROUND_ROBIN, c, 2, &st, 1001 * 10, n);
    cr_assert_eq(n[0], 10);
    cr_assert_eq(n[1], 10000);
}

Test(balance, least_lag_picks_the_least)
{
    rws_balance_candidate c[] = {cand(10, 1, 200000, 0), cand(11, 1, 5000, 0),
                                 cand(12, 1, 90000, 0), cand(13, 1, -1, 0)};
    rws_balance_state st;
    rws__balance_init(&st, 3);
    for (int k = 0; k < 1000; k++)
        cr_assert_eq(rws__balance_pick(RWS_BALANCE_LEAST_LAG, c, 4, &st), 11);
    /* with the least one gone, the next least */
    c[1].eligible = 0;
    cr_assert_eq(rws__balance_pick(RWS_BALANCE_LEAST_LAG, c, 4, &st), 12);
    /* unknown lag loses to any known lag, but is chosen when nothing else is left */
    c[0].eligible = c[2].eligible = 0;
    cr_assert_eq(rws__balance_pick(RWS_BALANCE_LEAST_LAG, c, 4, &st), 13);
}

Test(balance, least_lag_ties_use_weighted_round_robin)
{
    /* 100 us and 600 us are within the 1 ms tolerance; 50 ms is not */
    rws_balance_candidate c[] = {cand(10, 1, 100, 0), cand(11, 3, 600, 0),
                                 cand(12, 1000, 50000, 0)};
    rws_balance_state st;
    rws__balance_init(&st, 3);
    long n[3];
    count_picks(RWS_BALANCE_LEAST_LAG, c, 3, &st, 40000, n);
    cr_assert_eq(n[0], 10000);
    cr_assert_eq(n[1], 30000);
    cr_assert_eq(n[2], 0);
    /* without tolerance only exact ties share */
    st.lag_tie_us = 0;
    count_picks(RWS_BALANCE_LEAST_LAG, c, 3, &st, 1000, n);
    cr_assert_eq(n[0], 1000);
    c[1].lag_us = 100;
    count_picks(RWS_BALANCE_LEAST_LAG, c, 3, &st, 4000, n);
    cr_assert(n[0] == 1000 && n[1] == 3000);
}

Test(balance, least_latency_favours_the_faster_without_starving_the_slower)
{
    rws_balance_candidate c[] = {cand(10, 1, 0, 100.0), cand(11, 1, 0, 200.0)};
    rws_balance_state st;
    rws__balance_init(&st, 5);
    long n[2];
    count_picks(RWS_BALANCE_LEAST_LATENCY, c, 2, &st, PICKS, n);
    /* inverse square: 4:1, plus 2% exploration split evenly -> 79.4% / 20.6% */
    double fast = (double)n[0] / PICKS;
    cr_assert(fabs(fast - 0.794) < 0.01, "faster share %.4f", fast);

    /* ten times slower still gets reads: 0.98/101 + 0.01 = 1.97% */
    c[1].latency_us = 1000.0;
    count_picks(RWS_BALANCE_LEAST_LATENCY, c, 2, &st, PICKS, n);
    double slow = (double)n[1] / PICKS;
    cr_assert(slow > 0.015 && slow < 0.025, "slower share %.4f", slow);

    /* with exploration off, the slow one still gets its inverse-square share */
    st.explore_permille = 0;
    count_picks(RWS_BALANCE_LEAST_LATENCY, c, 2, &st, PICKS, n);
    slow = (double)n[1] / PICKS;
    cr_assert(slow > 0.005 && slow < 0.015, "slower share %.4f", slow);
}

Test(balance, least_latency_honours_weight)
{
    rws_balance_candidate c[] = {cand(10, 2, 0, 300.0), cand(11, 1, 0, 300.0)};
    rws_balance_state st;
    rws__balance_init(&st, 9);
    long n[2];
    count_picks(RWS_BALANCE_LEAST_LATENCY, c, 2, &st, PICKS, n);
    double heavy = (double)n[0] / PICKS;
    cr_assert(fabs(heavy - 2.0 / 3.0) < 0.01, "weight 2 share %.4f", heavy);
}

Test(balance, least_latency_tries_unmeasured_replicas)
{
    /* no sample yet: counts as the fastest measured one, so it gets measured */
    rws_balance_candidate c[] = {cand(10, 1, 0, 100.0), cand(11, 1, 0, 0.0), cand(12, 1, 0, NAN)};
    rws_balance_state st;
    rws__balance_init(&st, 11);
    long n[3];
    count_picks(RWS_BALANCE_LEAST_LATENCY, c, 3, &st, PICKS, n);
    for (int k = 0; k < 3; k++)
        cr_assert(fabs((double)n[k] / PICKS - 1.0 / 3) < 0.01, "candidate %d: %ld", k, n[k]);
    /* nothing measured: plain weighted random */
    c[0].latency_us = -1;
    c[0].weight = 2;
    count_picks(RWS_BALANCE_LEAST_LATENCY, c, 3, &st, PICKS, n);
    cr_assert(fabs((double)n[0] / PICKS - 0.5) < 0.01, "weight 2 of 4: %ld", n[0]);
}

/* ---- concurrency ------------------------------------------------------------------------- */

typedef struct worker {
    rws_balance policy;
    const rws_balance_candidate *c;
    size_t n;
    rws_balance_state *st;
    long counts[4];
} worker;

static void *pick_loop(void *arg)
{
    worker *w = arg;
    for (int k = 0; k < PICKS; k++) {
        int idx = rws__balance_pick(w->policy, w->c, w->n, w->st);
        if (idx >= 10 && idx < 14)
            w->counts[idx - 10]++;
    }
    return NULL;
}

Test(balance, concurrent_round_robin_totals_are_exact)
{
    rws_balance_candidate c[] = {cand(10, 1, 0, 0), cand(11, 3, 0, 0)};
    rws_balance_state st;
    rws__balance_init(&st, 1);
    worker w[2] = {{RWS_BALANCE_ROUND_ROBIN, c, 2, &st, {0}},
                   {RWS_BALANCE_ROUND_ROBIN, c, 2, &st, {0}}};
    pthread_t t[2];
    for (int k = 0; k < 2; k++)
        cr_assert_eq(pthread_create(&t[k], NULL, pick_loop, &w[k]), 0);
    for (int k = 0; k < 2; k++)
        pthread_join(t[k], NULL);
    cr_assert_eq(w[0].counts[0] + w[1].counts[0], 2 * PICKS / 4);
    cr_assert_eq(w[0].counts[1] + w[1].counts[1], 2 * PICKS * 3 / 4);
    cr_assert_eq(atomic_load(&st.rr), 2 * PICKS);
}

Test(balance, concurrent_random_draws_are_all_distinct_stream_elements)
{
    rws_balance_candidate c[] = {cand(10, 1, 0, 0), cand(11, 1, 0, 0)};
    rws_balance_state st;
    rws__balance_init(&st, 1);
    worker w[2] = {{RWS_BALANCE_RANDOM, c, 2, &st, {0}}, {RWS_BALANCE_RANDOM, c, 2, &st, {0}}};
    pthread_t t[2];
    for (int k = 0; k < 2; k++)
        cr_assert_eq(pthread_create(&t[k], NULL, pick_loop, &w[k]), 0);
    for (int k = 0; k < 2; k++)
        pthread_join(t[k], NULL);
    /* every pick consumed exactly one element of the stream: none lost, none shared */
    rws_balance_state ref;
    rws__balance_init(&ref, 1);
    for (int k = 0; k < 2 * PICKS; k++)
        rws__balance_random(&ref);
    cr_assert_eq(atomic_load(&st.rng), atomic_load(&ref.rng));
    long a = w[0].counts[0] + w[1].counts[0];
    cr_assert(fabs((double)a / (2 * PICKS) - 0.5) < 0.01);
}

/* ---- EWMA -------------------------------------------------------------------------------- */

Test(ewma, step)
{
    cr_assert_float_eq(rws__ewma_next(0, 120, 0.2), 120, 1e-9, "first sample taken as is");
    cr_assert_float_eq(rws__ewma_next(100, 200, 0.2), 120, 1e-9);
    cr_assert_float_eq(rws__ewma_next(100, 200, 1.0), 200, 1e-9);
    cr_assert_float_eq(rws__ewma_next(100, 200, 0), 200, 1e-9, "alpha out of range -> 1");
    cr_assert_float_eq(rws__ewma_next(100, 200, NAN), 200, 1e-9);
}

Test(ewma, atomic_update)
{
    rws_ewma e;
    memset(&e, 0, sizeof e);
    cr_assert_eq(rws__ewma_get(&e), 0.0);
    rws__ewma_update(&e, 100, 0.5);
    cr_assert_float_eq(rws__ewma_get(&e), 100, 1e-9);
    rws__ewma_update(&e, 200, 0.5);
    cr_assert_float_eq(rws__ewma_get(&e), 150, 1e-9);
    rws__ewma_update(&e, NAN, 0.5);
    rws__ewma_update(&e, -5, 0.5);
    rws__ewma_update(&e, INFINITY, 0.5);
    cr_assert_float_eq(rws__ewma_get(&e), 150, 1e-9, "bad samples ignored");
    rws__ewma_reset(&e);
    cr_assert_eq(rws__ewma_get(&e), 0.0);
}

static void *ewma_loop(void *arg)
{
    rws_ewma *e = arg;
    for (int k = 0; k < PICKS; k++)
        rws__ewma_update(e, 250.0, 0.1);
    return NULL;
}

Test(ewma, concurrent_updates_stay_consistent)
{
    rws_ewma e;
    rws__ewma_reset(&e);
    rws__ewma_update(&e, 1000.0, 1.0);
    pthread_t t[2];
    for (int k = 0; k < 2; k++)
        cr_assert_eq(pthread_create(&t[k], NULL, ewma_loop, &e), 0);
    for (int k = 0; k < 2; k++)
        pthread_join(t[k], NULL);
    /* 200000 steps of alpha 0.1 towards 250: exactly there, never a torn value */
    cr_assert_float_eq(rws__ewma_get(&e), 250.0, 1e-9);
}
