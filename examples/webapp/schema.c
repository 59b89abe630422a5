/* The shop's tables and demo products, created on start when absent. */
#include "shop.h"

#include <stdio.h>
#include <string.h>

static const char *const ddl[] = {
    "CREATE TABLE IF NOT EXISTS shop_products ("
    " id INT UNSIGNED NOT NULL PRIMARY KEY,"
    " name VARCHAR(100) NOT NULL,"
    " description VARCHAR(400) NOT NULL DEFAULT '',"
    " price_cents INT UNSIGNED NOT NULL,"
    " stock INT UNSIGNED NOT NULL"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",

    "CREATE TABLE IF NOT EXISTS shop_users ("
    " id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
    " name VARCHAR(80) NOT NULL,"
    " email VARCHAR(254) NOT NULL,"
    " created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,"
    " UNIQUE KEY shop_users_email (email)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",

    "CREATE TABLE IF NOT EXISTS shop_orders ("
    " id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
    " user_id INT UNSIGNED NOT NULL,"
    " total_cents BIGINT UNSIGNED NOT NULL,"
    " created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,"
    " KEY shop_orders_user (user_id, id),"
    " CONSTRAINT shop_orders_user_fk FOREIGN KEY (user_id) REFERENCES shop_users (id)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",

    "CREATE TABLE IF NOT EXISTS shop_order_lines ("
    " order_id BIGINT UNSIGNED NOT NULL,"
    " product_id INT UNSIGNED NOT NULL,"
    " quantity INT UNSIGNED NOT NULL,"
    " price_cents INT UNSIGNED NOT NULL,"
    " PRIMARY KEY (order_id, product_id),"
    " KEY shop_order_lines_product (product_id),"
    " CONSTRAINT shop_order_lines_order_fk FOREIGN KEY (order_id) REFERENCES shop_orders (id),"
    " CONSTRAINT shop_order_lines_product_fk FOREIGN KEY (product_id) REFERENCES shop_products (id)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
};

static const struct {
    const char *name, *description;
    long long price_cents, stock;
} demo[] = {
    {"Espresso beans, 1 kg", "Dark roast from a small roastery: chocolate and hazelnut.", 1890,
     5000},
    {"Pour-over kettle", "Gooseneck, one litre, brushed steel.", 4900, 1200},
    {"Ceramic mug", "350 ml, hand-glazed, dishwasher safe.", 1450, 8000},
    {"Paper filters (100)", "Unbleached, size 02.", 590, 20000},
    {"Hand grinder", "Conical steel burrs, 40 settings.", 8900, 600},
    {"Cold brew bottle", "One litre of glass with a fine mesh filter.", 2950, 1500},
    {"Tasting notebook", "64 pages for notes on every cup.", 990, 3000},
    {"Limited edition tin", "Only a handful were made.", 3500, 3},
};

static int count_cb(void *ud, const db_row *r)
{
    *(long long *)ud = db_int(r, 0);
    return 0;
}

int shop_schema_ensure(rws_cluster *cluster, char *msg, size_t msglen)
{
    db d;
    int ok = 0;
    if (db_open(&d, cluster, NULL) != RWS_OK)
        goto out;
    for (size_t i = 0; i < sizeof ddl / sizeof ddl[0]; i++)
        if (rws_query(d.conn, ddl[i]) != RWS_OK) {
            snprintf(d.err_text, sizeof d.err_text, "%s", rws_error(d.conn));
            goto out;
        }
    /* Count on the primary (the hint): a replica may not have the rows yet. */
    long long n = -1;
    if (db_exec(&d, "SELECT /* rwsplit:primary */ COUNT(*) FROM shop_products", NULL, 0, count_cb,
                &n, NULL, NULL) != RWS_OK)
        goto out;
    /* Fixed ids and INSERT IGNORE: two instances starting at once insert each product once. */
    for (size_t i = 0; n == 0 && i < sizeof demo / sizeof demo[0]; i++) {
        db_param p[] = {DBP_INT(i + 1), DBP_TEXT(demo[i].name), DBP_TEXT(demo[i].description),
                        DBP_INT(demo[i].price_cents), DBP_INT(demo[i].stock)};
        if (db_exec(&d,
                    "INSERT IGNORE INTO shop_products (id, name, description, price_cents, stock) "
                    "VALUES (?, ?, ?, ?, ?)",
                    p, 5, NULL, NULL, NULL, NULL) != RWS_OK)
            goto out;
    }
    ok = 1;
out:
    if (!ok)
        snprintf(msg, msglen, "%s", *d.err_text ? d.err_text : "cannot create the schema");
    db_close(&d);
    return ok ? 0 : -1;
}
