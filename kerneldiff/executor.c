// SPDX-License-Identifier: GPL-2.0
/*
 * Runs model traces in the running kernel and reports, after every step, what
 * the kernel shows: the call's errno, what it returned, each listening socket's
 * accept queue length and SO_REUSERPS count, the requests in SYN-RECV, and the
 * connections the kernel reset. The host compares each line with the model.
 *
 * Packets come from a fake peer on a TUN device: a write on CPU c is processed
 * by CPU c before write() returns (tun_get_user() calls netif_receive_skb()
 * with BH disabled), so the kernel's answer is in the TUN queue when the step
 * ends and no step waits for a timer. Each SYN gets a new peer port: the
 * connection's name is the ordinal of its SYN in the trace.
 *
 * Input (one trace after the other, see kerneldiff/traceWire.ts):
 *   T <id> <tcp_migrate_req> <syncookies>   then steps, then   E
 * Output, per step:  <id>.<step> e=<errno> [a=<conn>] [g=...] [s=0|1]
 *   L<sock>=<queue>/<count> ... [Q=<conn,...>] X=<conn,...> t=<ms>
 * (Q, the requests, only after a packet: no socket call makes or ends one).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/reuserps.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "segment.h"

#define TUN_NAME	"rpsdiff0"
#define MAX_SOCKS	64
#define MAX_CONNS	128
#define PORT_FIRST	1024
#define PORT_LAST	65000

struct rps_value {
	__u32 policy;
	__u32 limit;
	__u32 flags;
	__u32 count;
	__u32 mask_len;
	__u8 mask[8];
};

struct conn {
	unsigned short port;	/* the peer's port */
	unsigned short dport;
	__u32 iss;
	__u32 server_isn;
	bool synack;
	bool rst;
	int child;		/* accepted socket, or -1 */
};

static struct {
	int tun;
	int socks[MAX_SOCKS];
	int uids[MAX_SOCKS];	/* each socket's creator */
	int n_socks;
	struct conn conns[MAX_CONNS];
	int n_conns;
	unsigned int next_port;
	in_addr_t local, peer;
	long long start;
	char out[4096];
	size_t len;
} t;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t.out + t.len, sizeof(t.out) - t.len, fmt, ap);
	va_end(ap);
	if (n > 0 && t.len + n < sizeof(t.out))
		t.len += n;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Moves this thread to @cpu, unless it is there: a move is slow under emulation. */
static void pin(int cpu)
{
	static int pinned = -1;
	cpu_set_t set;

	if (cpu == pinned)
		return;
	pinned = cpu;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* A segment from the peer, processed by @cpu before write() returns. */
static void peer_send(const struct conn *c, int cpu, __u8 flags, __u32 seq, __u32 ack)
{
	struct segment pkt;

	segment_build(&pkt, t.peer, t.local, c->port, c->dport, flags, seq, ack);
	pin(cpu);
	if (write(t.tun, &pkt, sizeof(pkt)) != sizeof(pkt))
		fprintf(stderr, "write to %s: %s\n", TUN_NAME, strerror(errno));
}

static struct conn *conn_by_port(unsigned short port)
{
	int i;

	for (i = 0; i < t.n_conns; i++)
		if (t.conns[i].port == port)
			return &t.conns[i];
	return NULL;
}

/* Reads what the kernel sent the peer, waiting up to @ms for @c's SYN-ACK. */
static void peer_receive(int ms, const struct conn *c)
{
	struct pollfd pfd = { .fd = t.tun, .events = POLLIN };
	long long end = now_ms() + ms;
	__u8 buf[2048];

	for (;;) {
		const struct iphdr *ip = (const void *)buf;
		const struct tcphdr *tcp;
		long long left = end - now_ms();
		struct conn *to;
		ssize_t n;

		if (c && c->synack)
			return;
		if (poll(&pfd, 1, left > 0 ? left : 0) <= 0)
			return;
		n = read(t.tun, buf, sizeof(buf));
		if (n < (ssize_t)(sizeof(*ip) + sizeof(*tcp)) || ip->version != 4 ||
		    ip->protocol != IPPROTO_TCP)
			continue;
		tcp = (const void *)(buf + ip->ihl * 4);
		to = conn_by_port(ntohs(tcp->dest));
		if (!to)
			continue;
		if (tcp->rst)
			to->rst = true;
		if (tcp->syn && tcp->ack) {
			to->server_isn = ntohl(tcp->seq);
			to->synack = true;
		}
	}
}

static int result(int ret)
{
	say(" e=%s", ret < 0 ? strerrorname_np(errno) : "0");
	return ret;
}

static int sock_arg(const char *args)
{
	int i = atoi(args);

	return i >= 0 && i < MAX_SOCKS ? t.socks[i] : -1;
}

static void do_open(int uid, char proto)
{
	int fd;

	/* A socket's uid is its creator's fsuid (sock_alloc()). */
	setfsuid(uid);
	fd = socket(AF_INET, proto == 'u' ? SOCK_DGRAM : SOCK_STREAM | SOCK_NONBLOCK, 0);
	setfsuid(0);
	result(fd);
	if (t.n_socks < MAX_SOCKS) {
		t.uids[t.n_socks] = uid;
		t.socks[t.n_socks++] = fd;
	}
}

static void do_set_rps(int fd, unsigned int policy, unsigned int limit,
		       unsigned long long mask)
{
	struct rps_value v = { .policy = policy, .limit = limit, .mask_len = 8 };
	int i;

	for (i = 0; i < 64; i++)
		if (mask & (1ULL << i))
			v.mask[i / 8] |= 1 << (i % 8);
	result(setsockopt(fd, SOL_SOCKET, SO_REUSERPS, &v, sizeof(v)));
}

static void do_get_rps(int fd)
{
	struct rps_value v = {};
	socklen_t len = sizeof(v);
	unsigned long long mask = 0;
	int i;

	if (result(getsockopt(fd, SOL_SOCKET, SO_REUSERPS, &v, &len)) < 0)
		return;
	if (len == 0) {
		say(" g=-");
		return;
	}
	for (i = 0; i < 64; i++)
		if (v.mask[i / 8] & (1 << (i % 8)))
			mask |= 1ULL << i;
	say(" g=%u/%u/%u/%llx", v.policy, v.limit, v.count, mask);
}

/* A reuseport program that always chooses the first socket. */
static void do_attach(int fd)
{
	struct sock_filter code[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_fprog prog = { .len = 1, .filter = code };

	result(setsockopt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &prog, sizeof(prog)));
}

static void do_bind(int fd, int port)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};

	result(bind(fd, (struct sockaddr *)&addr, sizeof(addr)));
}

static void do_close(int i)
{
	int fd = i >= 0 && i < MAX_SOCKS ? t.socks[i] : -1;

	if (fd >= 0)
		t.socks[i] = -1;
	result(close(fd));
}

static void do_accept(int fd, int uid)
{
	struct sockaddr_in peer;
	socklen_t len = sizeof(peer);
	struct conn *c;
	int child;

	/* The listener's owner accepts: the child's file is theirs (sock_i_uid()). */
	setfsuid(uid);
	child = result(accept4(fd, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK));
	setfsuid(0);
	if (child < 0)
		return;
	c = conn_by_port(ntohs(peer.sin_port));
	if (!c) {
		say(" a=?");
		close(child);
		return;
	}
	c->child = child;
	say(" a=%ld", (long)(c - t.conns));
}

static void do_syn(int port, int cpu, bool cookies)
{
	struct conn *c;

	say(" e=0");
	if (t.n_conns == MAX_CONNS)
		return;
	c = &t.conns[t.n_conns++];
	if (t.next_port > PORT_LAST)
		t.next_port = PORT_FIRST;
	*c = (struct conn){ .port = t.next_port++, .dport = port, .child = -1 };
	c->iss = 1000000u * c->port;
	peer_send(c, cpu, TH_SYN, c->iss, 0);
	/* The answer is queued before write() returns; allow for a slow qdisc once. */
	peer_receive(cookies ? 20 : 0, c);
	say(" s=%d", c->synack);
}

static void do_ack(int i, int cpu)
{
	struct conn *c = i >= 0 && i < t.n_conns ? &t.conns[i] : NULL;

	say(" e=0");
	if (c)
		peer_send(c, cpu, TH_ACK, c->iss + 1, c->server_isn + 1);
}

/* The peer resets the connection: a request is dropped, a child goes to TCP_CLOSE. */
static void do_reset(int i)
{
	struct conn *c = i >= 0 && i < t.n_conns ? &t.conns[i] : NULL;

	say(" e=0");
	if (c)
		peer_send(c, 0, TH_RST, c->iss + 1, 0);
}

static void run_step(char *line, bool cookies)
{
	unsigned int policy, limit;
	unsigned long long mask;
	char *args = line + 1;
	int x, y;
	char p;

	switch (line[0]) {
	case 'o':
		if (sscanf(args, "%d %c", &x, &p) == 2)
			do_open(x, p);
		return;
	case 'r':
		sscanf(args, "%d %d", &x, &y);
		result(setsockopt(sock_arg(args), SOL_SOCKET, SO_REUSEPORT, &y, sizeof(y)));
		return;
	case 'p':
		if (sscanf(args, "%d %u %u %llx", &x, &policy, &limit, &mask) == 4)
			do_set_rps(sock_arg(args), policy, limit, mask);
		return;
	case 'g':
		return do_get_rps(sock_arg(args));
	case 'f':
		return do_attach(sock_arg(args));
	case 'b':
		if (sscanf(args, "%d %d", &x, &y) == 2)
			do_bind(sock_arg(args), y);
		return;
	case 'l':
		if (sscanf(args, "%d %d", &x, &y) == 2)
			result(listen(sock_arg(args), y));
		return;
	case 'c':
		return do_close(atoi(args));
	case 'h':
		result(shutdown(sock_arg(args), SHUT_RDWR));
		return;
	case 'a':
		x = atoi(args);
		return do_accept(sock_arg(args), x >= 0 && x < MAX_SOCKS ? t.uids[x] : 0);
	case 'y':
		if (sscanf(args, "%d %d", &x, &y) == 2)
			do_syn(x, y, cookies);
		return;
	case 'k':
		if (sscanf(args, "%d %d", &x, &y) == 2)
			do_ack(x, y);
		return;
	case 'x':
		return do_reset(atoi(args));
	}
	say(" e=bad-step");
}

/* A listener's accept queue length: tcpi_unacked is sk_ack_backlog there. */
static bool listening(int fd, int *queue)
{
	struct tcp_info info = {};
	socklen_t len = sizeof(info);

	if (fd < 0 || getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) ||
	    info.tcpi_state != TCP_LISTEN)
		return false;
	*queue = info.tcpi_unacked;
	return true;
}

static void report_listeners(void)
{
	int i, queue;

	for (i = 0; i < t.n_socks; i++) {
		struct rps_value v = {};
		socklen_t len = sizeof(v);
		long count = -1;

		if (!listening(t.socks[i], &queue))
			continue;
		if (!getsockopt(t.socks[i], SOL_SOCKET, SO_REUSERPS, &v, &len) && len)
			count = v.count;
		say(" L%d=%d/%ld", i, queue, count);
	}
}

/* The connections of this trace in SYN-RECV (state 03 of /proc/net/tcp). */
static void report_requests(void)
{
	unsigned int lport, rport, st;
	bool in[MAX_CONNS] = {};
	char line[256];
	const char *sep = "";
	FILE *f;
	int i;

	f = fopen("/proc/net/tcp", "r");
	while (f && fgets(line, sizeof(line), f)) {
		struct conn *c;

		if (sscanf(line, " %*d: %*x:%x %*x:%x %x", &lport, &rport, &st) != 3 || st != 3)
			continue;
		c = conn_by_port(rport);
		if (c && c->dport == lport)
			in[c - t.conns] = true;
	}
	if (f)
		fclose(f);
	say(" Q=");
	for (i = 0; i < t.n_conns; i++) {
		if (in[i]) {
			say("%s%d", sep, i);
			sep = ",";
		}
	}
}

static void report_resets(void)
{
	const char *sep = "";
	int i;

	peer_receive(0, NULL);
	say(" X=");
	for (i = 0; i < t.n_conns; i++) {
		if (t.conns[i].rst) {
			say("%s%d", sep, i);
			sep = ",";
			t.conns[i].rst = false;
		}
	}
}

static void set_sysctl(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return;
	fputs(value, f);
	fclose(f);
}

/* Resets every connection of the trace, then closes its sockets. */
static void cleanup(void)
{
	int i;

	for (i = 0; i < t.n_conns; i++) {
		peer_send(&t.conns[i], 0, TH_RST, t.conns[i].iss + 1, 0);
		if (t.conns[i].child >= 0)
			close(t.conns[i].child);
	}
	for (i = 0; i < t.n_socks; i++)
		if (t.socks[i] >= 0)
			close(t.socks[i]);
	peer_receive(0, NULL);
	t.n_conns = 0;
	t.n_socks = 0;
}

static int tun_setup(void)
{
	struct ifreq ifr = { .ifr_flags = IFF_TUN | IFF_NO_PI };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	int fd, s;

	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK);
	if (fd < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", TUN_NAME);
	if (ioctl(fd, TUNSETIFF, &ifr))
		return -1;
	s = socket(AF_INET, SOCK_DGRAM, 0);
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, "10.47.0.1", &sin->sin_addr);
	if (ioctl(s, SIOCSIFADDR, &ifr))
		return -1;
	inet_pton(AF_INET, "255.255.255.0", &sin->sin_addr);
	if (ioctl(s, SIOCSIFNETMASK, &ifr) || ioctl(s, SIOCGIFFLAGS, &ifr))
		return -1;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr))
		return -1;
	close(s);
	inet_pton(AF_INET, "10.47.0.1", &t.local);
	inet_pton(AF_INET, "10.47.0.2", &t.peer);
	return fd;
}

int main(int argc, char **argv)
{
	int id = -1, n = 0, migrate, cookies = 0, steps = 0, traces = 0;
	FILE *in = argc > 1 ? fopen(argv[1], "r") : stdin;
	long long began = now_ms();
	char line[256];

	t.tun = tun_setup();
	if (!in || t.tun < 0) {
		fprintf(stderr, "kerneldiff: %s\n", strerror(errno));
		return 2;
	}
	t.next_port = PORT_FIRST;
	/* No SYN-ACK timer expires a request while a trace runs. */
	set_sysctl("/proc/sys/net/ipv4/tcp_synack_retries", "6");
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	while (fgets(line, sizeof(line), in)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == 'T') {
			sscanf(line, "T %d %d %d", &id, &migrate, &cookies);
			set_sysctl("/proc/sys/net/ipv4/tcp_migrate_req", migrate ? "1" : "0");
			set_sysctl("/proc/sys/net/ipv4/tcp_syncookies", cookies ? "2" : "0");
			t.start = now_ms();
			n = 0;
			continue;
		}
		if (line[0] == 'E') {
			cleanup();
			traces++;
			continue;
		}
		t.len = 0;
		run_step(line, cookies);
		report_listeners();
		/* Only packets make, complete or end requests. */
		if (strchr("ykx", line[0]))
			report_requests();
		report_resets();
		printf("%d.%d%s t=%lld\n", id, n++, t.out, now_ms() - t.start);
		steps++;
	}
	printf("kerneldiff: %d traces, %d steps in %lld ms\n", traces, steps, now_ms() - began);
	return 0;
}
