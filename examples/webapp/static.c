/* GET /static/...: the stylesheet and the status page's script, compiled into the binary
 * (assets_data.c is generated from assets/ by embed.cmake). */
#include "http.h"
#include "pages.h"

#include <string.h>

extern const unsigned char shop_asset_style_css[];
extern const size_t shop_asset_style_css_len;
extern const unsigned char shop_asset_status_js[];
extern const size_t shop_asset_status_js_len;

void page_static(request *req, response *resp, const long long *args)
{
    (void)args;
    const unsigned char *data = NULL;
    size_t len = 0;
    if (strcmp(req->path, "/static/style.css") == 0) {
        data = shop_asset_style_css;
        len = shop_asset_style_css_len;
        resp->content_type = "text/css; charset=utf-8";
    } else if (strcmp(req->path, "/static/status.js") == 0) {
        data = shop_asset_status_js;
        len = shop_asset_status_js_len;
        resp->content_type = "text/javascript; charset=utf-8";
    }
    if (!data) {
        resp_text(resp, 404, "text/plain; charset=utf-8", "no such file\n");
        return;
    }
    resp->status = 200;
    resp->cache_seconds = 300;
    sb_append(&resp->body, (const char *)data, len);
}
