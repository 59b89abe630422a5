/* The routing decision and the session bookkeeping that follows a statement. Pure. */
#include "route.h"

#include <mysql.h>

static int names_temp_table(const rws_classification *cls, const rws_session_state *st)
{
    if (st->temps.n == 0)
        return 0;
    for (unsigned i = 0; i < cls->ntables; i++)
        if (rws__names_has(&st->temps, cls->tables[i].ptr, cls->tables[i].len))
            return 1;
    /* More tables than the classifier could report: one of the others may be temporary. */
    return cls->tables_truncated;
}

static void to(rws_decision *d, rws_target t, int backend, rws_pin pin)
{
    d->target = t;
    d->backend = backend;
    d->pin = pin;
}

void rws__route_decide(const rws_classification *cls, const rws_session_state *st, rws_decision *d)
{
    int is_read = cls->route == RWS_ROUTE_REPLICA;
    /* Session commands go everywhere, whatever else holds. */
    if (cls->route == RWS_ROUTE_ALL) {
        to(d, RWS_TARGET_ALL, -1, RWS_PIN_NONE);
        return;
    }
    /* A new transaction ends the old one implicitly; it is placed afresh below. */
    if (st->in_trx && st->trx_backend >= 0 && !(cls->flags & RWS_CF_TRX_BEGIN)) {
        to(d, RWS_TARGET_BACKEND, st->trx_backend, RWS_PIN_TRANSACTION);
        return;
    }
    if (st->autocommit_off) {
        to(d, RWS_TARGET_PRIMARY, -1, RWS_PIN_AUTOCOMMIT);
        return;
    }
    if (st->tables_locked) {
        to(d, RWS_TARGET_PRIMARY, -1, RWS_PIN_LOCKED_TABLES);
        return;
    }
    if (st->named_locks > 0) {
        to(d, RWS_TARGET_PRIMARY, -1, RWS_PIN_NAMED_LOCK);
        return;
    }
    if (st->primary_only) {
        to(d, RWS_TARGET_PRIMARY, -1, RWS_PIN_SESSION_ONLY_PRIMARY);
        return;
    }
    if (cls->flags & RWS_CF_FOLLOW_PREVIOUS) {
        if (st->last_backend >= 0)
            to(d, RWS_TARGET_BACKEND, st->last_backend, RWS_PIN_PREVIOUS);
        else
            to(d, RWS_TARGET_PRIMARY, -1, RWS_PIN_PREVIOUS);
        return;
    }
    if ((cls->flags & RWS_CF_USER_VAR_READ) && st->user_vars_on_primary) {
        to(d, RWS_TARGET_PRIMARY, -1, RWS_PIN_USER_VARIABLE);
        return;
    }
    if (names_temp_table(cls, st)) {
        to(d, RWS_TARGET_PRIMARY, -1, RWS_PIN_TEMP_TABLE);
        return;
    }
    if (st->has_forced) {
        /* A write never goes to a replica: a forced replica only applies to reads. */
        if (st->forced == RWS_ROUTE_PRIMARY)
            to(d, RWS_TARGET_PRIMARY, -1, RWS_PIN_ROUTE_NEXT);
        else
            to(d, is_read ? RWS_TARGET_REPLICA : RWS_TARGET_PRIMARY, -1,
               is_read ? RWS_PIN_ROUTE_NEXT : RWS_PIN_NONE);
        return;
    }
    to(d, is_read ? RWS_TARGET_REPLICA : RWS_TARGET_PRIMARY, -1,
       (cls->flags & (RWS_CF_HINT_PRIMARY | RWS_CF_HINT_REPLICA)) ? RWS_PIN_HINT : RWS_PIN_NONE);
}

rws_code rws__route_track(rws_session_state *st, const rws_classification *cls, int ran,
                          unsigned status)
{
    st->last_backend = ran;
    st->has_forced = 0;

    /* The server's own status is the truth about transactions, whatever started or ended them
     * (BEGIN inside a procedure, an implicit commit by DDL, autocommit=0). */
    if (status & SERVER_STATUS_IN_TRANS) {
        st->in_trx = 1;
        st->trx_backend = ran;
    } else if (st->trx_backend == ran || st->trx_backend < 0) {
        st->in_trx = 0;
        st->trx_backend = -1;
    }

    uint32_t f = cls->flags;
    if (f & RWS_CF_AUTOCOMMIT_OFF)
        st->autocommit_off = 1;
    if (f & RWS_CF_AUTOCOMMIT_ON)
        st->autocommit_off = 0;
    if (f & RWS_CF_LOCK_TABLES)
        st->tables_locked = 1;
    if (f & (RWS_CF_UNLOCK_TABLES | RWS_CF_TRX_BEGIN))
        st->tables_locked = 0; /* START TRANSACTION releases table locks too */
    if (f & RWS_CF_USER_VAR_WRITE)
        st->user_vars_on_primary = 1; /* the variable now differs between backends */
    if (f & RWS_CF_NAMED_LOCK)
        st->named_locks++;
    if ((f & RWS_CF_NAMED_UNLOCK) && st->named_locks > 0)
        st->named_locks--;
    if ((f & RWS_CF_TEMP_CREATE) && cls->temp_table.ptr) {
        rws_code rc = rws__names_add(&st->temps, cls->temp_table.ptr, cls->temp_table.len);
        if (rc != RWS_OK)
            return rc;
    }
    /* Only DROP TEMPORARY TABLE forgets a name: after a plain DROP TABLE the name may still be
     * a temporary table (it drops the temporary one first, if both exist), so statements that
     * name it keep going to the primary, which is always correct. */
    if (f & RWS_CF_TEMP_DROP)
        for (unsigned i = 0; i < cls->ntables; i++)
            rws__names_remove(&st->temps, cls->tables[i].ptr, cls->tables[i].len);
    return RWS_OK;
}

const char *rws__pin_text(rws_pin p)
{
    switch (p) {
    case RWS_PIN_NONE: return "";
    case RWS_PIN_TRANSACTION: return "inside a transaction";
    case RWS_PIN_AUTOCOMMIT: return "autocommit is off";
    case RWS_PIN_LOCKED_TABLES: return "LOCK TABLES in force";
    case RWS_PIN_NAMED_LOCK: return "a named lock (GET_LOCK) may be held";
    case RWS_PIN_TEMP_TABLE: return "names a temporary table";
    case RWS_PIN_PREVIOUS: return "goes where the previous statement ran";
    case RWS_PIN_ROUTE_NEXT: return "rws_route_next()";
    case RWS_PIN_HINT: return "routing hint";
    case RWS_PIN_SESSION_ONLY_PRIMARY: return "session state exists only on the primary";
    case RWS_PIN_NO_REPLICA: return "no eligible replica: primary";
    case RWS_PIN_RETRY: return "replica failed: retried";
    case RWS_PIN_CONSISTENCY: return "read-your-writes";
    case RWS_PIN_USER_VARIABLE: return "reads a user variable assigned on the primary only";
    }
    return "";
}
