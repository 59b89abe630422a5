/* GET / and /products: the product list, each with a form to order it. */
#include "html.h"
#include "layout.h"
#include "pages.h"
#include "shop.h"

void page_products(request *req, response *resp, const long long *args)
{
    (void)args;
    db d;
    char msg[512];
    if (page_db_open(&d, req, resp, 1) != 0)
        return;
    product_list products;
    shop_rc rc = shop_list_products(&d, &products, msg, sizeof msg);
    if (rc != SHOP_OK) {
        page_message(resp, req, &d, shop_http_status(rc), "The products cannot be shown", msg);
        page_db_close(&d, resp);
        return;
    }
    page_begin(resp, req, "Products", "products");
    strbuf *sb = &resp->body;
    sb_puts(sb, "<section class=\"hero\"><h1>Good coffee, shipped fast</h1>"
                "<p>Every page of this shop is served by a C program on librwsplit: orders go to "
                "the primary database server, pages read from a replica within the lag bound, and "
                "after you order you always see your order. The footer says where each page's "
                "reads ran.</p></section>\n");
    if (req->user_id <= 0)
        sb_puts(sb, "<p class=\"note\"><a href=\"/signup\">Sign up</a> to place orders.</p>\n");
    sb_puts(sb, "<div class=\"grid\">\n");
    for (size_t i = 0; i < products.n; i++) {
        const product *p = &products.v[i];
        html_printf(sb,
                    "<article class=\"card\" id=\"product-%L\"><h2>%s</h2><p class=\"desc\">%s</p>"
                    "<p class=\"price\">$%M</p>",
                    p->id, p->name, p->description, p->price_cents);
        if (p->stock == 0)
            sb_puts(sb, "<p class=\"stock out\">Sold out</p>");
        else if (p->stock < 10)
            html_printf(sb, "<p class=\"stock low\">Only %L left</p>", p->stock);
        else
            html_printf(sb, "<p class=\"stock\">%L in stock</p>", p->stock);
        if (req->user_id > 0 && p->stock > 0)
            html_printf(sb,
                        "<form method=\"post\" action=\"/orders\" class=\"buy\">"
                        "<input type=\"hidden\" name=\"user_id\" value=\"%L\">"
                        "<label>Qty <input type=\"number\" name=\"qty_%L\" value=\"1\" min=\"1\" "
                        "max=\"1000\" required></label>"
                        "<button type=\"submit\">Order</button></form>",
                        req->user_id, p->id);
        sb_puts(sb, "</article>\n");
    }
    sb_puts(sb, "</div>\n");
    page_end(resp, req, &d);
    product_list_free(&products);
    page_db_close(&d, resp);
}
