/* switchyard-srt-fanout: one SRT input sent on to its SRT outputs, and to the input's loopback multicast group
 * while the agent asks for it (decision 91). One process per input, one libsrt instance: a payload received is
 * handed to every output's send buffer in the same process, never blocking (a full buffer drops that payload for
 * that output only).
 *
 * Everything comes on stdin, one command a line, values percent-encoded (so no setting, passphrases included,
 * ever sits in argv):
 *   input <id> mode=listener|caller host=<h> port=<p> [latency=<ms>] [passphrase=<s> pbkeylen=<16|24|32>]
 *         [streamid=<s>]                                   first, once
 *   group <address> <port>        where the multicast goes (out of 127.0.0.1, TTL 0)
 *   multicast on|off              whether it goes there (some non-SRT output reads the group)
 *   add <id> <same settings as input>                      an SRT output; its id again replaces it
 *   remove <id>
 * stdin's end (or SIGTERM) ends it. On stdout, libsrt's interval statistics of each connected socket every second,
 * whatever its bitrate (srt-live-transmit reports every n packets: at 5 Mbit/s five lines a second per socket for the
 * agent to read), as JSON lines: {"side":"input"|"output","id":…,"link":{"rtt":ms},"recv"|"send":{…}}, the same
 * names as srt-live-transmit's -pf json. A listener takes one peer at a time and waits for the next when it leaves; a
 * caller calls again after a pause that doubles (0.5 s to 10 s) while it fails. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <srt/srt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_OUTPUTS 256
#define REPORT_SECONDS 1.0
#define PAYLOAD 1500
#define FIRST_PAUSE 0.5
#define LONGEST_PAUSE 10.0

typedef struct {
    int used, output, listener, latency, pbkeylen, port;
    char id[256], host[256], passphrase[128], streamid[520];
    SRTSOCKET listening, peer;  /* peer: connected (or, for a caller, connecting) */
    int connected;
    double retry_at, pause;
    long refused;               /* since the last report */
} endpoint;

static endpoint source, outputs[MAX_OUTPUTS];
static int slots;  /* outputs[slots] and after are unused: every pass over the outputs stops there */
static volatile sig_atomic_t stopping;
static int eid, multicast = -1, multicast_on;
static struct sockaddr_in group;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void say(const endpoint *e, const char *format, ...) {  /* never a setting: only what failed */
    va_list args;
    va_start(args, format);
    fprintf(stderr, "%s %s: ", e->output ? "output" : "input", e->id);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
}

static void json_string(const char *s) {
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c < 0x20) printf("\\u%04x", c);
        else putchar(c);
    }
    putchar('"');
}

static void report(endpoint *e) {
    SRT_TRACEBSTATS perf;
    if (srt_bstats(e->peer, &perf, 1) == SRT_ERROR) return;
    printf("{\"side\":\"%s\",\"id\":", e->output ? "output" : "input");
    json_string(e->id);
    if (e->output)
        printf(",\"link\":{\"rtt\":%.3f},\"send\":{\"packetsUnique\":%lld,\"packetsRetransmitted\":%d,"
               "\"packetsDropped\":%ld,\"bytesUnique\":%llu}}\n", perf.msRTT, (long long)perf.pktSentUnique,
               perf.pktRetrans, perf.pktSndDrop + e->refused, (unsigned long long)perf.byteSentUnique);
    else
        printf(",\"link\":{\"rtt\":%.3f},\"recv\":{\"packetsUnique\":%lld,\"packetsLost\":%d,\"packetsDropped\":%d,"
               "\"bytesUnique\":%llu}}\n", perf.msRTT, (long long)perf.pktRecvUnique, perf.pktRcvLoss,
               perf.pktRcvDrop, (unsigned long long)perf.byteRecvUnique);
    fflush(stdout);
    e->refused = 0;
}

static void report_all(void) {
    if (source.used && source.connected) report(&source);
    for (int i = 0; i < slots; i++)
        if (outputs[i].used && outputs[i].connected) report(&outputs[i]);
}

static int address(const endpoint *e, struct sockaddr_storage *to, int *length) {
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM}, *found;
    char port[16];
    snprintf(port, sizeof port, "%d", e->port);
    if (getaddrinfo(e->host, port, &hints, &found) != 0) return -1;
    memcpy(to, found->ai_addr, found->ai_addrlen);
    *length = (int)found->ai_addrlen;
    freeaddrinfo(found);
    return 0;
}

static SRTSOCKET configured(const endpoint *e) {
    SRTSOCKET s = srt_create_socket();
    int no = 0, yes = 1;
    srt_setsockflag(s, SRTO_RCVSYN, &no, sizeof no);
    srt_setsockflag(s, SRTO_SNDSYN, &no, sizeof no);
    srt_setsockflag(s, SRTO_SENDER, e->output ? &yes : &no, sizeof(int));
    if (e->latency >= 0) srt_setsockflag(s, SRTO_LATENCY, &e->latency, sizeof e->latency);
    if (e->passphrase[0]) {
        srt_setsockflag(s, SRTO_PASSPHRASE, e->passphrase, (int)strlen(e->passphrase));
        srt_setsockflag(s, SRTO_PBKEYLEN, &e->pbkeylen, sizeof e->pbkeylen);
    }
    if (e->streamid[0] && !e->listener) srt_setsockflag(s, SRTO_STREAMID, e->streamid, (int)strlen(e->streamid));
    return s;
}

static void watch(SRTSOCKET s, int events) {
    srt_epoll_add_usock(eid, s, &events);
}

static void retry_later(endpoint *e) {
    e->retry_at = now() + e->pause;
    e->pause = e->pause * 2 > LONGEST_PAUSE ? LONGEST_PAUSE : e->pause * 2;
}

static void start(endpoint *e) {  /* a listener listens, a caller calls; either again after a pause if it fails */
    struct sockaddr_storage to;
    int length;
    e->retry_at = 0;
    if (address(e, &to, &length) != 0) {
        say(e, "cannot resolve its address");
        retry_later(e);
        return;
    }
    SRTSOCKET s = configured(e);
    if (e->listener) {
        if (srt_bind(s, (struct sockaddr *)&to, length) == SRT_ERROR || srt_listen(s, 1) == SRT_ERROR) {
            say(e, "cannot listen: %s", srt_getlasterror_str());
            srt_close(s);
            retry_later(e);
            return;
        }
        e->listening = s;
        watch(s, SRT_EPOLL_IN | SRT_EPOLL_ERR);
    } else {
        if (srt_connect(s, (struct sockaddr *)&to, length) == SRT_ERROR) {
            say(e, "cannot call: %s", srt_getlasterror_str());
            srt_close(s);
            retry_later(e);
            return;
        }
        e->peer = s;
        watch(s, SRT_EPOLL_IN | SRT_EPOLL_OUT | SRT_EPOLL_ERR);
    }
}

static void drop_peer(endpoint *e) {  /* the peer left (or the call failed): wait for the next, or call again */
    if (e->peer == SRT_INVALID_SOCK) return;
    srt_epoll_remove_usock(eid, e->peer);
    srt_close(e->peer);
    e->peer = SRT_INVALID_SOCK;
    e->refused = 0;
    if (!e->listener) retry_later(e);
    e->connected = 0;
}

static void stop(endpoint *e) {
    drop_peer(e);
    if (e->listening != SRT_INVALID_SOCK) {
        srt_epoll_remove_usock(eid, e->listening);
        srt_close(e->listening);
    }
    e->used = 0;
    while (slots > 0 && !outputs[slots - 1].used) slots--;
}

static void connected(endpoint *e) {
    int events = e->output ? SRT_EPOLL_ERR : SRT_EPOLL_IN | SRT_EPOLL_ERR;
    e->connected = 1;
    e->pause = FIRST_PAUSE;
    srt_epoll_update_usock(eid, e->peer, &events);
}

static void accept_peer(endpoint *e) {
    SRTSOCKET s = srt_accept(e->listening, NULL, NULL);
    if (s == SRT_INVALID_SOCK) return;
    if (e->peer != SRT_INVALID_SOCK) {  /* one peer at a time, as srt-live-transmit */
        srt_close(s);
        return;
    }
    e->peer = s;
    watch(s, SRT_EPOLL_ERR);
    connected(e);
}

static void send_on(const char *payload, int length) {
    for (int i = 0; i < slots; i++) {
        endpoint *e = &outputs[i];
        if (!e->used || !e->connected) continue;
        if (srt_sendmsg2(e->peer, payload, length, NULL) == SRT_ERROR) {
            if (srt_getlasterror(NULL) != SRT_EASYNCSND) {
                drop_peer(e);
                continue;
            }
            e->refused++;  /* its send buffer is full: this payload is lost for it alone */
        }
    }
    if (multicast_on && group.sin_family == AF_INET)
        sendto(multicast, payload, length, MSG_DONTWAIT, (struct sockaddr *)&group, sizeof group);
}

static void receive(void) {
    char payload[PAYLOAD];
    int length;
    while (source.connected && (length = srt_recvmsg(source.peer, payload, sizeof payload)) != SRT_ERROR) {
        if (length > 0) send_on(payload, length);
    }
    if (source.connected && srt_getlasterror(NULL) != SRT_EASYNCRCV) drop_peer(&source);
}

static endpoint *by_peer(SRTSOCKET s) {
    if (source.used && (source.peer == s || source.listening == s)) return &source;
    for (int i = 0; i < slots; i++)
        if (outputs[i].used && (outputs[i].peer == s || outputs[i].listening == s)) return &outputs[i];
    return NULL;
}

static void ready(SRTSOCKET s) {
    endpoint *e = by_peer(s);
    if (e == NULL) return;
    if (s == e->listening) {
        if (srt_getsockstate(s) == SRTS_LISTENING) accept_peer(e);
        return;
    }
    SRT_SOCKSTATUS state = srt_getsockstate(s);
    if (state == SRTS_CONNECTED && !e->connected) connected(e);
    else if (state != SRTS_CONNECTED && state != SRTS_CONNECTING) drop_peer(e);
    if (e == &source && source.connected) receive();
}

static int hex(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                                                                        : -1;
}

static void decoded(char *text, const char *from, size_t room) {
    size_t n = 0;
    for (; *from && n + 1 < room; n++) {
        if (from[0] == '%' && hex(from[1]) >= 0 && hex(from[2]) >= 0) {
            text[n] = (char)(hex(from[1]) * 16 + hex(from[2]));
            from += 3;
        } else {
            text[n] = *from++;
        }
    }
    text[n] = 0;
}

static void configure(endpoint *e, int output, char *id, char *settings) {
    memset(e, 0, sizeof *e);
    e->output = output;
    e->latency = -1;
    e->listening = e->peer = SRT_INVALID_SOCK;
    e->pause = FIRST_PAUSE;
    decoded(e->id, id, sizeof e->id);
    char value[32];
    for (char *pair = strtok(settings, " "); pair; pair = strtok(NULL, " ")) {
        char *equals = strchr(pair, '=');
        if (!equals) continue;
        *equals = 0;
        decoded(value, equals + 1, sizeof value);
        if (!strcmp(pair, "mode")) e->listener = !strcmp(value, "listener");
        else if (!strcmp(pair, "host")) decoded(e->host, equals + 1, sizeof e->host);
        else if (!strcmp(pair, "port")) e->port = atoi(value);
        else if (!strcmp(pair, "latency")) e->latency = atoi(value);
        else if (!strcmp(pair, "passphrase")) decoded(e->passphrase, equals + 1, sizeof e->passphrase);
        else if (!strcmp(pair, "pbkeylen")) e->pbkeylen = atoi(value);
        else if (!strcmp(pair, "streamid")) decoded(e->streamid, equals + 1, sizeof e->streamid);
    }
    e->used = 1;
    start(e);
}

static endpoint *output_named(const char *encoded) {
    char id[256];
    decoded(id, encoded, sizeof id);
    for (int i = 0; i < slots; i++)
        if (outputs[i].used && !strcmp(outputs[i].id, id)) return &outputs[i];
    return NULL;
}

static void command(char *line) {
    char *verb = strtok(line, " "), *first = strtok(NULL, " "), *rest = strtok(NULL, "");
    if (!verb || !first) return;
    if (!strcmp(verb, "input") && !source.used) {
        configure(&source, 0, first, rest ? rest : "");
    } else if (!strcmp(verb, "group") && rest) {
        group.sin_family = AF_INET;
        group.sin_port = htons((uint16_t)atoi(rest));
        inet_pton(AF_INET, first, &group.sin_addr);
    } else if (!strcmp(verb, "multicast")) {
        multicast_on = !strcmp(first, "on");
    } else if (!strcmp(verb, "add") || !strcmp(verb, "remove")) {
        endpoint *e = output_named(first);
        if (e) stop(e);
        if (!strcmp(verb, "remove")) return;
        for (int i = 0; i < MAX_OUTPUTS; i++)
            if (!outputs[i].used) {
                if (i >= slots) slots = i + 1;
                configure(&outputs[i], 1, first, rest ? rest : "");
                return;
            }
        fprintf(stderr, "more than %d outputs: not added\n", MAX_OUTPUTS);
    }
}

static void *read_commands(void *unused) {  /* its own thread: a command is applied at once, not at a tick */
    (void)unused;
    static char line[8192];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        pthread_mutex_lock(&lock);
        command(line);
        pthread_mutex_unlock(&lock);
    }
    stopping = 1;  /* stdin's end: the agent is gone or closed it */
    return NULL;
}

static void on_signal(int signum) {
    (void)signum;
    stopping = 1;
}

static void open_multicast(void) {
    struct in_addr loopback = {.s_addr = htonl(INADDR_LOOPBACK)};
    unsigned char ttl = 0;
    multicast = socket(AF_INET, SOCK_DGRAM, 0);
    setsockopt(multicast, IPPROTO_IP, IP_MULTICAST_IF, &loopback, sizeof loopback);
    setsockopt(multicast, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl);
}

int main(void) {
    struct sigaction action = {.sa_handler = on_signal};
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
    srt_startup();
    srt_setloglevel(LOG_CRIT);
    eid = srt_epoll_create();
    srt_epoll_set(eid, SRT_EPOLL_ENABLE_EMPTY);
    open_multicast();
    pthread_t commands;
    pthread_create(&commands, NULL, read_commands, NULL);
    SRT_EPOLL_EVENT events[2 * MAX_OUTPUTS + 2];
    double next_report = now() + REPORT_SECONDS;
    while (!stopping) {
        int count = srt_epoll_uwait(eid, events, 2 * MAX_OUTPUTS + 2, 100);
        pthread_mutex_lock(&lock);
        for (int i = 0; i < count; i++) ready(events[i].fd);
        double at = now();
        if (source.used && source.retry_at && at >= source.retry_at) start(&source);
        for (int i = 0; i < slots; i++)
            if (outputs[i].used && outputs[i].retry_at && at >= outputs[i].retry_at) start(&outputs[i]);
        if (at >= next_report) {  /* the wait below wakes at least every 100 ms */
            report_all();
            next_report = at + REPORT_SECONDS;
        }
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);  /* held to the end: no command comes between the last close and the exit */
    for (int i = 0; i < slots; i++)
        if (outputs[i].used) stop(&outputs[i]);
    if (source.used) stop(&source);
    srt_epoll_release(eid);
    srt_cleanup();
    fflush(stdout);
    _exit(0);  /* the reading thread may sit in fgets: no join */
}
