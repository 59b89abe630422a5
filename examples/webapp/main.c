/* rwsplit-shop: the example web application of librwsplit. A small shop (products, sign-up,
 * orders) served by libmicrohttpd over one rws_cluster: writes go to the primary, pages read
 * from replicas within the lag bound, and a causal token in a cookie keeps read-your-writes
 * true across requests and instances. See docs/webapp.md. */
#include "app.h"
#include "sampler.h"
#include "server.h"
#include "shop.h"

#include <microhttpd.h>

#include <arpa/inet.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(out,
            "usage: rwsplit-shop [-c FILE] [--listen ADDR:PORT] [--instance NAME]\n"
            "                    [--threads N] [--max-body BYTES] [--no-schema]\n"
            "\n"
            "  -c, --config FILE    librwsplit configuration (libconfig; default $RWSPLIT_CONFIG)\n"
            "  -l, --listen A:P     address and port to serve on (default 127.0.0.1:8080;\n"
            "                       port 0 picks a free one; [::1]:8080 for IPv6)\n"
            "  -i, --instance NAME  name shown in X-Rwsplit-Instance and the page footer\n"
            "                       (default shop-PORT)\n"
            "  -t, --threads N      HTTP worker threads (default 8)\n"
            "      --max-body N     largest request body accepted, in bytes (default 16384)\n"
            "      --no-schema      do not create the tables and demo products on start\n"
            "\n"
            "Prints \"listening on http://ADDR:PORT/\" once it serves. SIGINT or SIGTERM\n"
            "finishes the requests in flight and exits.\n");
}

static void log_to_stderr(void *userdata, rws_log_level level, const char *message)
{
    static const char *const names[] = {"debug", "info", "warning", "error", "none"};
    fprintf(stderr, "rwsplit-shop[%s]: rwsplit %s: %s\n", (const char *)userdata,
            names[level <= RWS_LOG_LEVEL_NONE ? level : RWS_LOG_LEVEL_ERROR], message);
}

/* "127.0.0.1:8080", "[::1]:8080", ":8080" or "8080". 0 or -1. */
static int parse_listen(const char *text, struct sockaddr_storage *out)
{
    char host[256] = "127.0.0.1";
    const char *port = text;
    if (text[0] == '[') {
        const char *end = strchr(text, ']');
        if (!end || end[1] != ':' || (size_t)(end - text - 1) >= sizeof host)
            return -1;
        memcpy(host, text + 1, (size_t)(end - text - 1));
        host[end - text - 1] = '\0';
        port = end + 2;
    } else if (strchr(text, ':')) {
        const char *colon = strrchr(text, ':');
        if ((size_t)(colon - text) >= sizeof host)
            return -1;
        if (colon > text) {
            memcpy(host, text, (size_t)(colon - text));
            host[colon - text] = '\0';
        }
        port = colon + 1;
    }
    if (!*port || strspn(port, "0123456789") != strlen(port) || atoi(port) > 65535)
        return -1;
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0 || !res)
        return -1;
    memset(out, 0, sizeof *out);
    memcpy(out, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    return 0;
}

static int valid_instance(const char *s)
{
    size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-");
    return n > 0 && n <= 64 && s[n] == '\0';
}

/* Print a possibly multi-line library message, one problem per line. */
static void print_lines(const char *prefix, const char *msg)
{
    for (const char *p = msg; *p;) {
        size_t n = strcspn(p, "\n");
        fprintf(stderr, "%s%.*s\n", prefix, (int)n, p);
        p += n + (p[n] == '\n');
    }
}

int main(int argc, char **argv)
{
    const char *config = NULL, *listen = "127.0.0.1:8080", *instance = NULL;
    long threads = 8, max_body = 16384;
    int schema = 1;
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},   {"listen", required_argument, NULL, 'l'},
        {"instance", required_argument, NULL, 'i'}, {"threads", required_argument, NULL, 't'},
        {"max-body", required_argument, NULL, 'b'}, {"no-schema", no_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "c:l:i:t:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'c': config = optarg; break;
        case 'l': listen = optarg; break;
        case 'i': instance = optarg; break;
        case 't': threads = strtol(optarg, NULL, 10); break;
        case 'b': max_body = strtol(optarg, NULL, 10); break;
        case 'n': schema = 0; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc || threads < 1 || threads > 256 || max_body < 256 ||
        max_body > 16 * 1024 * 1024) {
        usage(stderr);
        return 2;
    }
    struct sockaddr_storage addr;
    if (parse_listen(listen, &addr) != 0) {
        fprintf(stderr, "rwsplit-shop: --listen '%s': expected ADDR:PORT, e.g. 127.0.0.1:8080\n",
                listen);
        return 2;
    }
    if (!config && !getenv("RWSPLIT_CONFIG")) {
        fprintf(stderr, "rwsplit-shop: no configuration: give -c FILE or set RWSPLIT_CONFIG\n");
        return 2;
    }
    char default_instance[32];
    if (!instance) {
        unsigned port = ntohs(addr.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&addr)->sin6_port
                                                         : ((struct sockaddr_in *)&addr)->sin_port);
        snprintf(default_instance, sizeof default_instance, "shop-%u", port);
        instance = default_instance;
    }
    if (!valid_instance(instance)) {
        fprintf(stderr, "rwsplit-shop: --instance: 1-64 of A-Z a-z 0-9 . _ : -\n");
        return 2;
    }

    /* Every thread started from here on inherits the blocked signals; main waits for them.
     * An ignored signal is discarded before sigwait() could see it (a shell starts background
     * jobs with SIGINT ignored): take the defaults back first. */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);

    static shop_app app;
    app.instance = instance;
    app.max_body = (size_t)max_body;
    app.started = time(NULL);
    rws_code rc = rws_cluster_load(config, &app.cluster);
    if (rc != RWS_OK) {
        print_lines("rwsplit-shop: ",
                    app.cluster ? rws_cluster_error(app.cluster) : rws_strerror(rc));
        rws_cluster_free(app.cluster);
        return 1;
    }
    rws_cluster_set_logger(app.cluster, log_to_stderr, (void *)instance);
    if ((rc = rws_cluster_start(app.cluster)) != RWS_OK) {
        print_lines("rwsplit-shop: ", rws_cluster_error(app.cluster));
        rws_cluster_free(app.cluster);
        return 1;
    }
    char msg[600];
    if (schema && shop_schema_ensure(app.cluster, msg, sizeof msg) != 0)
        fprintf(stderr,
                "rwsplit-shop[%s]: warning: cannot create the schema now (%s); serving anyway\n",
                instance, msg);
    app.sampler = sampler_start(app.cluster, 1000, 300);
    struct MHD_Daemon *d = server_start(&app, (struct sockaddr *)&addr, (unsigned)threads);
    if (!d) {
        sampler_stop(app.sampler);
        rws_cluster_free(app.cluster);
        return 1;
    }
    char host[INET6_ADDRSTRLEN] = "";
    if (addr.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&addr)->sin6_addr, host, sizeof host);
    else
        inet_ntop(AF_INET, &((struct sockaddr_in *)&addr)->sin_addr, host, sizeof host);
    printf("rwsplit-shop[%s]: listening on http://%s%s%s:%u/ (pid %ld)\n", instance,
           addr.ss_family == AF_INET6 ? "[" : "", host, addr.ss_family == AF_INET6 ? "]" : "",
           server_port(d), (long)getpid());
    fflush(stdout);

    int sig = 0;
    sigdelset(&sigs, SIGPIPE);
    while (sigwait(&sigs, &sig) != 0)
        ;
    fprintf(stderr, "rwsplit-shop[%s]: %s: finishing the requests in flight\n", instance,
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    server_stop(d);
    sampler_stop(app.sampler);
    rws_cluster_free(app.cluster);
    fprintf(stderr, "rwsplit-shop[%s]: stopped\n", instance);
    return 0;
}
