// SPDX-License-Identifier: GPL-2.0
/*
 * stress [SECONDS] [cost]: SO_REUSERPS under load, churn and SYN flood, in the guests
 * that kernel/stress.sh boots (4 CPUs). Each phase runs SECONDS (default 12) of guest
 * time; with "cost", only the cost phase runs (in the kernel without debugging options):
 *
 *   churn-rr, churn-ff  clients pinned to every CPU connect over loopback as fast as they
 *                       can (one in ten holds its connection a while) while listener
 *                       threads churn the group: close and listen again, shut down and
 *                       listen again, change masks and limits in place, join late.
 *   flood-cookies,      the same clients, plus a SYN flood written into a TUN device from
 *   flood-default       every CPU, half of whose SYN-ACKs are answered from the writer's
 *                       CPU, so that a request's ACK often comes on another CPU than its
 *                       SYN; tcp_syncookies=2 (every SYN answered with a cookie), then 1.
 *   cost                connections per second over plain SO_REUSEPORT (with and
 *                       without SO_INCOMING_CPU), SO_REUSERPS (registered for its own
 *                       CPU or for every CPU, with and without a limit), and SYNs per
 *                       second under flood, in alternating rounds.
 *
 * Every CPU keeps an anchor listener registered for it alone, so a row is never empty:
 * each accepted loopback child must belong to a listener registered for the CPU that
 * processed it (its SO_INCOMING_CPU). A monitor thread reads every listener's count with
 * getsockopt(SO_REUSERPS) as fast as it can and fails when one exceeds the limit. At the
 * end of a phase every attempt is accounted for once (served, refused, reset, timed out),
 * the client's failures are matched against the kernel's counters, every listener's count
 * must come back to 0, and at the very end kmemleak must report nothing.
 *
 * It prints "# " lines for people and one "STRESS {json}" line per phase; exit 0 when
 * every check held.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/reuserps.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"
#include "segment.h"

#ifndef SO_REUSERPS
#define SO_REUSERPS 86
#endif

#define CPUS 4
#define SLOTS 8		/* 0..3 anchors, 4..7 churners */
#define MAX_SEQ (1 << 20)
#define LONG_FLAG (1u << 23)
#define CONNECT_MS 4000
#define REPLY_MS 4000
#define HELD 64
#define LOCAL_ADDR "10.46.0.1"
#define MAX_FAILS 8
#define COST_ROUNDS 15
#define FLOOD_ROUNDS 3

struct slot {
	pthread_rwlock_t lock;
	pthread_t th;
	int fd, home;
	unsigned int mask, prev_mask, limit, cap;
	long long mask_changed, next_churn, grace_until;
	int peak;
	bool churns, started;
	int held[HELD];
	long long held_until[HELD];
	unsigned int rng;
};

static struct {
	const char *phase;
	unsigned int policy;
	int plain;		/* cost phase: plain SO_REUSEPORT */
	unsigned int anchor_limit, churn_limit;
	unsigned short port;
	volatile bool stop_clients, stop_servers, stop_flood, churn;
	struct slot s[SLOTS];
	unsigned char *served[CPUS];	/* by the servers, per client id */
	unsigned char *answered[CPUS];	/* by the clients */
	int tun;
	in_addr_t local;
	/* counted with __atomic builtins */
	long attempted, ok, refused, conn_timeout, reset_before, reset_after, reply_timeout;
	long children, tun_children, not_local, over_limit, count_reads, syns_written;
	long acks_written, synacks_read, churn_ops;
	int fails;
	bool failed;
} g;

static void add(long *x, long n)
{
	__atomic_fetch_add(x, n, __ATOMIC_RELAXED);
}

static __attribute__((format(printf, 1, 2))) void fail(const char *fmt, ...)
{
	va_list ap;

	g.failed = true;
	if (__atomic_fetch_add(&g.fails, 1, __ATOMIC_RELAXED) >= MAX_FAILS)
		return;
	va_start(ap, fmt);
	printf("# FAIL %s: ", g.phase);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	va_end(ap);
}

static unsigned int rnd(unsigned int *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static bool write_file(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return false;
	fputs(value, f);
	return fclose(f) == 0;
}

static const char *const counters[] = {
	"TCPReuserpsLimitDrop", "ListenOverflows", "ListenDrops", "TCPMigrateReqSuccess",
	"TCPMigrateReqFailure", "SyncookiesSent", "SyncookiesRecv", "SyncookiesFailed",
	"TCPReqQFullDrop", "TCPReqQFullDoCookies", "OutRsts",
};
#define N_COUNTERS (sizeof(counters) / sizeof(counters[0]))

static void read_counters(long *out)
{
	size_t i;

	for (i = 0; i < N_COUNTERS; i++)
		out[i] = strcmp(counters[i], "OutRsts") ?
			 proc_counter("/proc/net/netstat", "TcpExt", counters[i]) :
			 proc_counter("/proc/net/snmp", "Tcp", counters[i]);
}

/* The SO_REUSERPS value of a listener: policy, limit and CPU mask (bit n: CPU n). */
static int set_rps(int fd, unsigned int limit, unsigned int mask)
{
	struct {
		struct reuserps_opt o;
		__u8 mask[8];
	} v = { .o = { .policy = g.policy, .limit = limit, .mask_len = 8 } };

	v.mask[0] = mask;
	return setsockopt(fd, SOL_SOCKET, SO_REUSERPS, &v, sizeof(v));
}

static int count_of(int fd, unsigned int *limit)
{
	struct {
		struct reuserps_opt o;
		__u8 mask[8];
	} v;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, SOL_SOCKET, SO_REUSERPS, &v, &len))
		return -1;
	if (limit)
		*limit = v.o.limit;
	return v.o.count;
}

/* A listener on *:port of the phase's kind, or -1 with errno. */
static int open_listener(unsigned int limit, unsigned int mask)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(g.port) };
	socklen_t len = sizeof(a);
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) ||
	    (!g.plain && set_rps(fd, limit, mask)) ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 4096) ||
	    getsockname(fd, (struct sockaddr *)&a, &len)) {
		close(fd);
		return -1;
	}
	g.port = ntohs(a.sin_port);
	return fd;
}

/* A random non-empty mask that holds the slot's home CPU. */
static unsigned int random_mask(struct slot *s)
{
	return (1u << s->home) | (rnd(&s->rng) & ((1u << CPUS) - 1));
}

static void churn_close(struct slot *s, bool shut)
{
	int fd = s->fd, again;

	pthread_rwlock_wrlock(&s->lock);
	if (shut) {
		/* shutdown() stops listening (inet_csk_listen_stop) and keeps the port:
		 * the same socket listens again.
		 */
		shutdown(fd, SHUT_RDWR);
	} else {
		close(fd);
		s->fd = -1;
	}
	pthread_rwlock_unlock(&s->lock);
	usleep(20000 + rnd(&s->rng) % 200000);
	if (shut && !listen(fd, 4096))
		return;
	if (shut)
		close(fd);
	s->mask = random_mask(s);
	again = open_listener(s->limit, s->mask);
	if (again < 0) {
		fail("slot %d: cannot listen again: %s", (int)(s - g.s), strerror(errno));
		return;
	}
	pthread_rwlock_wrlock(&s->lock);
	s->fd = again;
	s->cap = s->limit;
	s->prev_mask = s->mask;
	pthread_rwlock_unlock(&s->lock);
}

static void churn_set(struct slot *s)
{
	unsigned int mask = s->mask, limit = s->limit;

	if (rnd(&s->rng) & 1)
		mask = random_mask(s);
	else
		limit = g.churn_limit - 1 + rnd(&s->rng) % 4;
	/* Before the kernel may use it: a raised limit at once, a lowered one only
	 * after a grace period, since a SYN that read the old limit may still be
	 * charged (reuserps_charge() reads it once); after that, a count above the
	 * new limit can only fall.
	 */
	pthread_rwlock_wrlock(&s->lock);
	if (limit > s->cap)
		s->cap = limit;
	s->limit = limit;
	s->grace_until = now_ms() + 200;
	s->prev_mask = (now_ms() - s->mask_changed < 3000 ? s->prev_mask : 0) | s->mask | mask;
	s->mask = mask;
	s->mask_changed = now_ms();
	if (set_rps(s->fd, limit, mask))
		fail("slot %d: setsockopt(SO_REUSERPS) in place: %s", (int)(s - g.s),
		     strerror(errno));
	pthread_rwlock_unlock(&s->lock);
}

static void churn(struct slot *s)
{
	unsigned int what = rnd(&s->rng) % 4;

	add(&g.churn_ops, 1);
	if (what == 0)
		churn_close(s, false);
	else if (what == 1)
		churn_close(s, true);
	else
		churn_set(s);
	s->next_churn = now_ms() + 100 + rnd(&s->rng) % 400;
}

static void hold(struct slot *s, int child, long long until)
{
	int i;

	for (i = 0; i < HELD; i++) {
		if (s->held[i] < 0) {
			s->held[i] = child;
			s->held_until[i] = until;
			return;
		}
	}
	abort_close(child);
}

/* A loopback child: read its client's id, answer it, count it served once. */
static void serve(struct slot *s, int child)
{
	struct pollfd p = { .fd = child, .events = POLLIN };
	int cpu = -1, c;
	socklen_t len = sizeof(cpu);
	unsigned int id, seq, mask;

	getsockopt(child, SOL_SOCKET, SO_INCOMING_CPU, &cpu, &len);
	pthread_rwlock_rdlock(&s->lock);
	mask = s->mask | (now_ms() - s->mask_changed < 3000 ? s->prev_mask : 0);
	pthread_rwlock_unlock(&s->lock);
	if (cpu < 0 || cpu >= CPUS || !(mask & (1u << cpu))) {
		add(&g.not_local, 1);
		fail("slot %d (mask %#x) got a child of CPU %d", (int)(s - g.s), mask, cpu);
	}
	if (poll(&p, 1, 1000) != 1 || recv(child, &id, 4, MSG_DONTWAIT) != 4) {
		abort_close(child);
		return;
	}
	c = id >> 24;
	seq = id & (LONG_FLAG - 1);
	if (c >= CPUS || seq >= MAX_SEQ) {
		fail("a child sent the id %#x", id);
		abort_close(child);
		return;
	}
	if (__atomic_fetch_add(&g.served[c][seq], 1, __ATOMIC_RELAXED) != 0)
		fail("client %d's connection %u was served twice", c, seq);
	send(child, &id, 4, MSG_NOSIGNAL);
	if (id & LONG_FLAG)
		hold(s, child, 0);
	else
		abort_close(child);
}

static void accept_all(struct slot *s)
{
	struct sockaddr_in peer;
	socklen_t len;
	int child;

	for (;;) {
		len = sizeof(peer);
		child = accept4(s->fd, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK);
		if (child < 0)
			return;
		add(&g.children, 1);
		if (peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK)) {
			serve(s, child);
		} else {
			/* A child of the TUN peer, which never sends: held a while so
			 * that it counts against the limit, then reset.
			 */
			add(&g.tun_children, 1);
			hold(s, child, now_ms() + 50);
		}
	}
}

/* Held children: a loopback one until its client closes, a TUN one until its time. */
static void release_held(struct slot *s, bool all)
{
	struct pollfd p;
	int i;

	for (i = 0; i < HELD; i++) {
		if (s->held[i] < 0)
			continue;
		p.fd = s->held[i];
		p.events = POLLIN;
		if (all || (s->held_until[i] && now_ms() >= s->held_until[i]) ||
		    (!s->held_until[i] && poll(&p, 1, 0) == 1)) {
			abort_close(s->held[i]);
			s->held[i] = -1;
		}
	}
}

static void *server(void *arg)
{
	struct slot *s = arg;
	struct pollfd p;

	pin(s->home);
	while (!g.stop_servers) {
		if (s->churns && g.churn && now_ms() >= s->next_churn)
			churn(s);
		if (s->fd < 0) {
			usleep(10000);
			continue;
		}
		p.fd = s->fd;
		p.events = POLLIN;
		if (poll(&p, 1, 5) == 1)
			accept_all(s);
		release_held(s, false);
	}
	release_held(s, true);
	return NULL;
}

/* Waits for @fd to become writable (connected) or readable (answered). */
static int wait_for(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int err = 0;
	socklen_t len = sizeof(err);

	if (poll(&p, 1, ms) != 1)
		return ETIMEDOUT;
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	return err;
}

/* One attempt of client @cpu: connect, send the id, read it back. */
static void attempt(int cpu, unsigned int seq, unsigned int *rng, int *ring, long long *until)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(g.port) };
	unsigned int id = cpu << 24 | seq, back = 0;
	bool held = rnd(rng) % 10 == 0;
	int fd, err, i;

	if (held)
		id |= LONG_FLAG;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	add(&g.attempted, 1);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		fail("client socket: %s", strerror(errno));
		return;
	}
	err = connect(fd, (struct sockaddr *)&a, sizeof(a)) && errno != EINPROGRESS ? errno : 0;
	if (!err)
		err = wait_for(fd, POLLOUT, CONNECT_MS);
	if (err) {
		add(err == ECONNREFUSED ? &g.refused : err == ETIMEDOUT ? &g.conn_timeout
									  : &g.reset_before, 1);
		abort_close(fd);
		return;
	}
	send(fd, &id, 4, MSG_NOSIGNAL);
	/* The answer first: the server's reset may follow it before it is read. */
	err = wait_for(fd, POLLIN, REPLY_MS);
	if (err != ETIMEDOUT && recv(fd, &back, 4, MSG_DONTWAIT) == 4 && back == id) {
		add(&g.ok, 1);
		g.answered[cpu][seq] = 1;
	} else {
		add(err == ETIMEDOUT ? &g.reply_timeout : &g.reset_after, 1);
	}
	if (!held || back != id) {
		abort_close(fd);
		return;
	}
	for (i = 0; i < 8 && ring[i] >= 0; i++)
		;
	if (i == 8) {
		abort_close(fd);
		return;
	}
	ring[i] = fd;
	until[i] = now_ms() + 100 + rnd(rng) % 500;
}

static void *client(void *arg)
{
	int cpu = (int)(long)arg, ring[8], i;
	unsigned int seq = 0, rng = 0x9e3779b9u * (cpu + 1);
	long long until[8];

	pin(cpu);
	memset(ring, -1, sizeof(ring));
	while (!g.stop_clients && seq < MAX_SEQ) {
		attempt(cpu, seq++, &rng, ring, until);
		for (i = 0; i < 8; i++) {
			if (ring[i] >= 0 && now_ms() >= until[i]) {
				abort_close(ring[i]);
				ring[i] = -1;
			}
		}
	}
	for (i = 0; i < 8; i++)
		if (ring[i] >= 0)
			abort_close(ring[i]);
	return NULL;
}

/* A segment from the TUN peer @saddr:@sport to the listeners' port. */
static void peer_send(in_addr_t saddr, unsigned short sport, __u8 flags, __u32 seq, __u32 ack)
{
	struct segment pkt;

	segment_build(&pkt, saddr, g.local, sport, g.port, flags, seq, ack);
	if (write(g.tun, &pkt, sizeof(pkt)) == sizeof(pkt))
		add(flags & 0x02 ? &g.syns_written : &g.acks_written, 1);
}

/* Answers half of the SYN-ACKs waiting on the TUN device, from this CPU. */
static void answer_synacks(unsigned int *rng)
{
	__u8 buf[2048];
	const struct iphdr *ip = (const void *)buf;
	const struct tcphdr *tcp;
	int k;

	for (k = 0; k < 16; k++) {
		ssize_t n = read(g.tun, buf, sizeof(buf));

		if (n < (ssize_t)(sizeof(*ip) + sizeof(*tcp)))
			return;
		if (ip->version != 4 || ip->protocol != IPPROTO_TCP)
			continue;
		tcp = (const void *)(buf + ip->ihl * 4);
		if (!(tcp->syn && tcp->ack))
			continue;
		add(&g.synacks_read, 1);
		if (rnd(rng) & 1)
			peer_send(ip->daddr, ntohs(tcp->dest), 0x10, ntohl(tcp->ack_seq),
				  ntohl(tcp->seq) + 1);
	}
}

static void *flooder(void *arg)
{
	int cpu = (int)(long)arg;
	unsigned int rng = 0x2545f491u * (cpu + 3), r;
	in_addr_t base = inet_addr("10.46.0.0");

	pin(cpu);
	while (!g.stop_flood) {
		r = rnd(&rng);
		peer_send(base | htonl(2 + r % 250), 1024 + (rnd(&rng) % 60000), 0x02, rnd(&rng), 0);
		if ((r & 7) == 0)
			answer_synacks(&rng);
	}
	return NULL;
}

static void *monitor(void *arg)
{
	unsigned int limit;
	int i, c;

	(void)arg;
	while (!g.stop_servers) {
		for (i = 0; i < SLOTS; i++) {
			struct slot *s = &g.s[i];

			if (!s->started)
				continue;
			pthread_rwlock_rdlock(&s->lock);
			c = s->fd >= 0 ? count_of(s->fd, &limit) : -1;
			if (c >= 0) {
				add(&g.count_reads, 1);
				if (c > s->peak)
					s->peak = c;
				if ((unsigned int)c > s->cap) {
					add(&g.over_limit, 1);
					fail("slot %d owns %d, above %u (its limit %u, the kernel's %u)",
					     i, c, s->cap, s->limit, limit);
				}
				/* Once the count falls, a lowered limit holds again. */
				if (s->cap > s->limit && (unsigned int)c < s->cap &&
				    now_ms() >= s->grace_until)
					s->cap = c > (int)s->limit ? (unsigned int)c : s->limit;
			}
			pthread_rwlock_unlock(&s->lock);
		}
		usleep(100);
	}
	return NULL;
}

static void start_slot(int i)
{
	struct slot *s = &g.s[i];

	s->home = i % CPUS;
	s->churns = i >= CPUS;
	s->limit = s->churns ? g.churn_limit : g.anchor_limit;
	s->cap = s->limit;
	s->mask = s->churns ? random_mask(s) : 1u << s->home;
	s->prev_mask = s->mask;
	s->next_churn = now_ms() + 200 + 100 * i;
	memset(s->held, -1, sizeof(s->held));
	s->fd = open_listener(s->limit, s->mask);
	if (s->fd < 0) {
		fail("slot %d: listener: %s", i, strerror(errno));
		return;
	}
	s->started = true;
	pthread_create(&s->th, NULL, server, s);
}

/* Every started listener's count comes back to 0 once its connections have ended. */
static void counts_to_zero(int wait_ms)
{
	long long end = now_ms() + wait_ms;
	int i, c, left;

	do {
		left = 0;
		for (i = 0; i < SLOTS; i++) {
			pthread_rwlock_rdlock(&g.s[i].lock);
			c = g.s[i].started && g.s[i].fd >= 0 ? count_of(g.s[i].fd, NULL) : 0;
			pthread_rwlock_unlock(&g.s[i].lock);
			left += c > 0;
		}
		if (!left)
			return;
		usleep(100000);
	} while (now_ms() < end);
	for (i = 0; i < SLOTS; i++) {
		c = g.s[i].started && g.s[i].fd >= 0 ? count_of(g.s[i].fd, NULL) : 0;
		if (c > 0)
			fail("slot %d still counts %d once every connection has ended", i, c);
	}
}

/* Each attempt once: served on both sides, or a failure the client saw. */
static void account(const long *k)
{
	long twice = 0, late = 0, missing = 0, sum;
	int c, seq;

	for (c = 0; c < CPUS; c++) {
		for (seq = 0; seq < MAX_SEQ; seq++) {
			twice += g.served[c][seq] > 1;
			late += g.served[c][seq] && !g.answered[c][seq];
			missing += g.answered[c][seq] && g.served[c][seq] != 1;
		}
	}
	sum = g.ok + g.refused + g.conn_timeout + g.reset_before + g.reset_after +
	      g.reply_timeout;
	if (sum != g.attempted)
		fail("%ld attempts, but %ld outcomes", g.attempted, sum);
	if (twice || missing)
		fail("%ld served twice, %ld answered without being served once", twice, missing);
	if (late > g.reply_timeout + g.reset_after)
		fail("%ld served after their client gave up, more than it saw fail", late);
	/* A connect that timed out had every SYN dropped, and the kernel counts each
	 * dropped SYN of a listener in ListenDrops (limit drops and overflows too).
	 */
	if (g.conn_timeout > k[2])
		fail("%ld connects timed out, ListenDrops counted %ld", g.conn_timeout, k[2]);
	if (k[0] > k[2])
		fail("TCPReuserpsLimitDrop %ld is not in ListenDrops %ld", k[0], k[2]);
	if (g.refused + g.reset_before + g.reset_after > k[10])
		fail("clients saw %ld resets, the kernel sent %ld",
		     g.refused + g.reset_before + g.reset_after, k[10]);
}

static void print_phase(const long *k, double secs)
{
	size_t i;

	printf("STRESS {\"phase\":\"%s\",\"seconds\":%.1f,\"attempted\":%ld,\"served\":%ld,"
	       "\"refused\":%ld,\"connectTimeout\":%ld,\"resetBeforeReply\":%ld,"
	       "\"resetAfterConnect\":%ld,\"replyTimeout\":%ld,\"children\":%ld,"
	       "\"tunChildren\":%ld,\"notLocal\":%ld,\"overLimit\":%ld,\"countReads\":%ld,"
	       "\"synsWritten\":%ld,\"acksWritten\":%ld,\"synacksRead\":%ld,\"churnOps\":%ld,",
	       g.phase, secs, g.attempted, g.ok, g.refused, g.conn_timeout, g.reset_before,
	       g.reset_after, g.reply_timeout, g.children, g.tun_children, g.not_local,
	       g.over_limit, g.count_reads, g.syns_written, g.acks_written, g.synacks_read,
	       g.churn_ops);
	printf("\"peaks\":[");
	for (i = 0; i < SLOTS; i++)
		printf("%s[%d,%u]", i ? "," : "", g.s[i].peak, g.s[i].limit);
	printf("],\"counters\":{");
	for (i = 0; i < N_COUNTERS; i++)
		printf("%s\"%s\":%ld", i ? "," : "", counters[i], k[i]);
	printf("},\"ok\":%s}\n", g.failed ? "false" : "true");
	fflush(stdout);
}

static void reset_phase(const char *phase, unsigned int policy)
{
	int c;

	memset(&g.attempted, 0, (char *)&g.fails - (char *)&g.attempted + sizeof(g.fails));
	memset(g.s, 0, sizeof(g.s));
	for (c = 0; c < SLOTS; c++)
		pthread_rwlock_init(&g.s[c].lock, NULL);
	for (c = 0; c < SLOTS; c++)
		g.s[c].rng = 0x1234567u * (c + 1);
	for (c = 0; c < CPUS; c++) {
		memset(g.served[c], 0, MAX_SEQ);
		memset(g.answered[c], 0, MAX_SEQ);
	}
	g.phase = phase;
	g.policy = policy;
	g.port = 0;
	g.failed = false;
	g.stop_clients = g.stop_servers = g.stop_flood = false;
}

static void stop_servers(pthread_t mon)
{
	int i;

	g.stop_servers = true;
	if (mon)
		pthread_join(mon, NULL);
	for (i = 0; i < SLOTS; i++)
		if (g.s[i].started)
			pthread_join(g.s[i].th, NULL);
	for (i = 0; i < SLOTS; i++)
		if (g.s[i].started && g.s[i].fd >= 0)
			close(g.s[i].fd);
}

/* One phase of load: clients, listeners, optional churn and flood, then the checks. */
static bool phase(const char *name, unsigned int policy, bool churn_on, bool flood, int secs)
{
	pthread_t clients[CPUS], floods[CPUS], mon;
	long before[N_COUNTERS], k[N_COUNTERS];
	long long t0 = now_ms();
	size_t i;
	int c;

	reset_phase(name, policy);
	g.churn = churn_on;
	read_counters(before);
	for (c = 0; c < CPUS; c++)
		start_slot(c);
	pthread_create(&mon, NULL, monitor, NULL);
	for (c = 0; c < CPUS; c++)
		pthread_create(&clients[c], NULL, client, (void *)(long)c);
	for (c = 0; flood && c < CPUS; c++)
		pthread_create(&floods[c], NULL, flooder, (void *)(long)c);
	/* The churners join late, one by one. */
	for (c = CPUS; c < SLOTS; c++) {
		usleep(secs * 1000000 / 2 / (SLOTS - CPUS));
		start_slot(c);
	}
	while (now_ms() - t0 < secs * 1000LL)
		usleep(100000);
	g.churn = false;
	g.stop_flood = true;
	for (c = 0; flood && c < CPUS; c++)
		pthread_join(floods[c], NULL);
	g.stop_clients = true;
	for (c = 0; c < CPUS; c++)
		pthread_join(clients[c], NULL);
	/* Requests of the flood expire after tcp_synack_retries (1): a few seconds. */
	counts_to_zero(flood ? 20000 : 8000);
	stop_servers(mon);
	read_counters(k);
	for (i = 0; i < N_COUNTERS; i++)
		k[i] -= before[i];
	account(k);
	if (flood && k[0] == 0)
		fail("the flood reached no limit (TCPReuserpsLimitDrop did not move)");
	if (flood && !strcmp(name, "flood-cookies") && (k[5] == 0 || k[6] < g.tun_children))
		fail("SyncookiesSent %ld, SyncookiesRecv %ld for %ld children of the TUN peer",
		     k[5], k[6], g.tun_children);
	print_phase(k, (now_ms() - t0) / 1000.0);
	return !g.failed;
}

/* How the cost phase sets up its listeners, one per CPU. */
struct setup {
	const char *name;
	int plain;		/* SO_REUSEPORT alone */
	bool incoming;		/* with SO_INCOMING_CPU set to the listener's CPU */
	bool everywhere;	/* SO_REUSERPS registered for every CPU, not its own */
	unsigned int limit;
};

static const struct setup setups[] = {
	{ "reuseport", 1, false, false, 0 },
	{ "reuseport+incoming-cpu", 1, true, false, 0 },
	{ "reuserps", 0, false, false, 0 },
	{ "reuserps-limit", 0, false, false, 4096 },
	{ "reuserps-every-cpu", 0, false, true, 0 },
};
#define N_SETUPS (sizeof(setups) / sizeof(setups[0]))

static int cost_fds[CPUS];

/* One thread per CPU serves itself: connect, accept the child wherever it went, close
 * both. No other thread is woken, so what is timed is the kernel's path alone.
 */
static void *cost_client(void *arg)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(g.port) };
	int cpu = (int)(long)arg, fd, child, i;

	pin(cpu);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	while (!g.stop_clients) {
		fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (connect(fd, (struct sockaddr *)&a, sizeof(a)) && errno != EINPROGRESS) {
			close(fd);
			continue;
		}
		if (wait_for(fd, POLLOUT, CONNECT_MS)) {
			add(&g.conn_timeout, 1);
			abort_close(fd);
			continue;
		}
		child = -1;
		while (child < 0 && !g.stop_clients)
			for (i = 0; i < CPUS && child < 0; i++)
				child = accept4(cost_fds[(cpu + i) % CPUS], NULL, NULL, SOCK_NONBLOCK);
		if (child >= 0) {
			abort_close(child);
			add(&g.ok, 1);
		}
		abort_close(fd);
	}
	return NULL;
}

/* Connections per second of one setup over @ms. */
static double conn_rate(const struct setup *su, int ms)
{
	pthread_t th[CPUS];
	long long t0;
	int c;

	reset_phase("cost", REUSERPS_POLICY_ROUND_ROBIN);
	g.plain = su->plain;
	for (c = 0; c < CPUS; c++) {
		cost_fds[c] = open_listener(su->limit, su->everywhere ? (1u << CPUS) - 1 : 1u << c);
		if (cost_fds[c] < 0 ||
		    (su->incoming && setsockopt(cost_fds[c], SOL_SOCKET, SO_INCOMING_CPU, &c, sizeof(c))))
			fail("cost: %s listener: %s", su->name, strerror(errno));
	}
	t0 = now_ms();
	for (c = 0; c < CPUS; c++)
		pthread_create(&th[c], NULL, cost_client, (void *)(long)c);
	usleep(ms * 1000);
	g.stop_clients = true;
	for (c = 0; c < CPUS; c++)
		pthread_join(th[c], NULL);
	t0 = now_ms() - t0;
	for (c = 0; c < CPUS; c++)
		close(cost_fds[c]);
	printf("# cost: %s: %ld connections in %lld ms, %ld connect timeouts\n", su->name, g.ok,
	       t0, g.conn_timeout);
	g.plain = 0;
	return g.ok * 1000.0 / t0;
}

/* SYNs per second a flood from every CPU gets processed, over @ms. */
static double syn_rate(int plain, unsigned int limit, int ms)
{
	pthread_t th[CPUS];
	long long t0;
	int c;

	reset_phase("cost", REUSERPS_POLICY_ROUND_ROBIN);
	g.plain = plain;
	g.anchor_limit = limit;
	for (c = 0; c < CPUS; c++)
		start_slot(c);
	t0 = now_ms();
	for (c = 0; c < CPUS; c++)
		pthread_create(&th[c], NULL, flooder, (void *)(long)c);
	usleep(ms * 1000);
	g.stop_flood = true;
	for (c = 0; c < CPUS; c++)
		pthread_join(th[c], NULL);
	t0 = now_ms() - t0;
	printf("# cost: %s flood: %ld SYNs in %lld ms\n", plain ? "reuseport" : "reuserps-limit",
	       g.syns_written, t0);
	stop_servers(0);
	g.plain = 0;
	/* Let the flood's requests expire before the next round. */
	sleep(3);
	return g.syns_written * 1000.0 / t0;
}

static void print_rates(const char *name, const char *unit, const double *x, int n)
{
	int i;

	printf(",\"%s %s\":[", unit, name);
	for (i = 0; i < n; i++)
		printf("%s%.1f", i ? "," : "", x[i]);
	printf("]");
}

/* Alternating rounds, so that drift in the emulated machine hits every setting alike. */
static void cost(int rounds)
{
	double conn[N_SETUPS][COST_ROUNDS], syn[2][FLOOD_ROUNDS];
	size_t i;
	int r;

	for (r = 0; r < rounds; r++)
		for (i = 0; i < N_SETUPS; i++)
			conn[i][r] = conn_rate(&setups[i], 500);
	for (r = 0; r < FLOOD_ROUNDS; r++)
		for (i = 0; i < 2; i++)
			syn[i][r] = syn_rate(i == 0, i == 1 ? 8 : 0, 1000);
	/* Every round's rate: the report pairs the setups round by round. */
	printf("STRESS {\"phase\":\"cost\",\"rounds\":%d", rounds);
	for (i = 0; i < N_SETUPS; i++)
		print_rates(setups[i].name, "conn/s", conn[i], rounds);
	print_rates("reuseport", "syn/s", syn[0], FLOOD_ROUNDS);
	print_rates("reuserps-limit", "syn/s", syn[1], FLOOD_ROUNDS);
	printf(",\"ok\":%s}\n", g.failed ? "false" : "true");
	fflush(stdout);
}

static bool kmemleak(const char *what)
{
	const char *path = "/sys/kernel/debug/kmemleak";
	char line[512];
	int n = 0;
	FILE *f;

	if (!write_file(path, what)) {
		printf("# kmemleak: cannot write %s to %s: %s\n", what, path, strerror(errno));
		return false;
	}
	if (strcmp(what, "scan"))
		return true;
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (n++ < 40)
			printf("# kmemleak: %s", line);
	}
	if (f)
		fclose(f);
	return n == 0;
}

static bool setup(void)
{
	struct ifreq ifr = { .ifr_flags = IFF_TUN | IFF_NO_PI };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	int s, c;

	for (c = 0; c < CPUS; c++) {
		g.served[c] = calloc(MAX_SEQ, 1);
		g.answered[c] = calloc(MAX_SEQ, 1);
	}
	g.tun = open("/dev/net/tun", O_RDWR | O_NONBLOCK);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "rpsstress0");
	if (g.tun < 0 || ioctl(g.tun, TUNSETIFF, &ifr))
		return false;
	s = socket(AF_INET, SOCK_DGRAM, 0);
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, LOCAL_ADDR, &sin->sin_addr);
	g.local = sin->sin_addr.s_addr;
	if (ioctl(s, SIOCSIFADDR, &ifr))
		return false;
	inet_pton(AF_INET, "255.255.255.0", &sin->sin_addr);
	if (ioctl(s, SIOCSIFNETMASK, &ifr) || ioctl(s, SIOCGIFFLAGS, &ifr))
		return false;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr))
		return false;
	close(s);
	return write_file("/proc/sys/net/ipv4/tcp_synack_retries", "1") &&
	       write_file("/proc/sys/net/ipv4/ip_local_port_range", "10000 65000");
}

int main(int argc, char **argv)
{
	const char *cookies = "/proc/sys/net/ipv4/tcp_syncookies";
	struct rlimit nofile = { 65536, 65536 };
	int secs = argc > 1 ? atoi(argv[1]) : 12;
	const char *phases = argc > 2 ? argv[2] : NULL;
	bool ok = true, leak_ok;

	setvbuf(stdout, NULL, _IOLBF, 0);
	setrlimit(RLIMIT_NOFILE, &nofile);
	if (secs <= 0 || secs > 600 || !setup()) {
		printf("# stress: bad duration or no TUN device: %s\n", strerror(errno));
		return 2;
	}
	/* What kmemleak finds from before the run is not ours. */
	kmemleak("scan");
	kmemleak("clear");
	if (phases && !strcmp(phases, "cost")) {
		cost(COST_ROUNDS);
		return g.failed;
	}
	g.anchor_limit = 3;
	g.churn_limit = 3;
	ok &= phase("churn-rr", REUSERPS_POLICY_ROUND_ROBIN, true, false, secs);
	ok &= phase("churn-ff", REUSERPS_POLICY_FILL_FIRST, true, false, secs);
	g.anchor_limit = 8;
	g.churn_limit = 8;
	ok &= write_file(cookies, "2");
	ok &= phase("flood-cookies", REUSERPS_POLICY_ROUND_ROBIN, false, true, secs * 2 / 3);
	ok &= write_file(cookies, "1");
	ok &= phase("flood-default", REUSERPS_POLICY_FILL_FIRST, true, true, secs * 2 / 3);
	/* kmemleak reports an object only once it has been unreferenced for 5 s. */
	sleep(6);
	leak_ok = kmemleak("scan") && kmemleak("scan");
	printf("STRESS {\"phase\":\"kmemleak\",\"ok\":%s}\n", leak_ok ? "true" : "false");
	ok &= leak_ok;
	printf("# stress: %s\n", ok ? "every check held" : "a check failed");
	return ok ? 0 : 1;
}
