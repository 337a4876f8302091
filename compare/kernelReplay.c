// SPDX-License-Identifier: GPL-2.0
/*
 * kernelReplay PLAN: replays the workloads of `reuserps compare` in a real kernel, in the
 * guest that kernel/stress.sh boots, and prints what became of every flow, one JSON
 * object per run on a line starting "CMP ", for `reuserps compare --kernel`.
 *
 * One thread drives everything. Before each SYN it moves itself to the flow's CPU with
 * sched_setaffinity: over loopback the SYN, the SYN-ACK and the last ACK are processed on
 * the connecting thread's CPU, so the kernel sees the CPUs the workload names. The
 * listener a SYN went to is the one whose accept queue grew (TCP_INFO of a listener
 * reports its queue length in tcpi_unacked, tcp_get_info()). An accepted child is told
 * apart by its peer's port.
 *
 * PLAN, written by `reuserps compare --plan`:
 *   run WORKLOAD POLICY CPUS LISTENERS LIMIT TICKS SEED
 *   l HOME                 (one per listener)
 *   e T syn FLOW CPU | e T accept FLOW | e T end FLOW | e T close L | e T listen L
 *   end
 * POLICY: linux-hash, incoming-cpu, cbpf-cpu, reuserps-rr, reuserps-ff,
 * reuserps-rr-limit, reuserps-ff-limit.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/reuserps.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#ifndef SO_REUSERPS
#define SO_REUSERPS 86
#endif

#define MAX_LISTENERS 16
#define MAX_FLOWS 20000
#define SETTLE_MS 500

enum drop { NONE, LIMIT, REFUSED, LOST };
static const char *const drop_names[] = { "none", "limit", "refused", "lost" };

struct flow {
	int cpu, client, child, placed, owner;
	unsigned short port;
	enum drop drop;
	bool accepted, reset;
	int reset_tick;
};

struct listener_slot {
	int home, fd, queued;
};

static struct {
	char workload[32], policy[32];
	int cpus, n, limit, ticks, seed;
	struct listener_slot l[MAX_LISTENERS];
	struct flow f[MAX_FLOWS];
	int n_flows, cur_cpu;
	unsigned short port;
	long drops_before;
} r;

static void die(const char *what, int line)
{
	fprintf(stderr, "kernelReplay: plan line %d: %s\n", line, what);
	exit(2);
}

static void pin(int cpu)
{
	cpu_set_t set;

	if (cpu == r.cur_cpu)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("kernelReplay: sched_setaffinity");
		exit(1);
	}
	r.cur_cpu = cpu;
}

/* TcpExt's counter @name, or -1. */
static long tcpext(const char *name)
{
	return proc_counter("/proc/net/netstat", "TcpExt", name);
}

static int tcp_state(int fd, unsigned int *queued)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len))
		return -1;
	if (queued)
		*queued = ti.tcpi_unacked;
	return ti.tcpi_state;
}

static bool is(const char *policy)
{
	return !strcmp(r.policy, policy);
}

static bool reuserps(void)
{
	return !strncmp(r.policy, "reuserps-", 9);
}

/* A listener of the run's policy for listener @i, on the run's port. */
static int open_listener(int i)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(r.port) };
	struct {
		struct reuserps_opt o;
		__u8 mask[8];
	} v = {};
	socklen_t len = sizeof(a);
	int fd, one = 1, home = r.l[i].home;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)))
		goto fail;
	if (is("incoming-cpu") &&
	    setsockopt(fd, SOL_SOCKET, SO_INCOMING_CPU, &home, sizeof(home)))
		goto fail;
	if (reuserps()) {
		v.o.policy = strstr(r.policy, "-ff") ? REUSERPS_POLICY_FILL_FIRST
						     : REUSERPS_POLICY_ROUND_ROBIN;
		v.o.limit = strstr(r.policy, "-limit") ? r.limit : 0;
		v.o.mask_len = sizeof(v.mask);
		v.mask[home / 8] = 1 << (home % 8);
		if (setsockopt(fd, SOL_SOCKET, SO_REUSERPS, &v, sizeof(v)))
			goto fail;
	}
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(fd, (struct sockaddr *)&a, &len) || listen(fd, 4096))
		goto fail;
	r.port = ntohs(a.sin_port);
	return fd;
fail:
	fprintf(stderr, "kernelReplay: listener %d of %s: %s\n", i, r.policy, strerror(errno));
	exit(1);
}

/* reuseport_bpf_cpu.c's program: the socket at the index of the SYN's CPU. */
static void attach_cbpf(int fd)
{
	struct sock_filter code[] = {
		{ BPF_LD | BPF_W | BPF_ABS, 0, 0, SKF_AD_OFF + SKF_AD_CPU },
		{ BPF_RET | BPF_A, 0, 0, 0 },
	};
	struct sock_fprog p = { .len = 2, .filter = code };

	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &p, sizeof(p))) {
		perror("kernelReplay: SO_ATTACH_REUSEPORT_CBPF");
		exit(1);
	}
}

static struct flow *flow_by_port(unsigned short port)
{
	int i;

	for (i = r.n_flows - 1; i >= 0; i--)
		if (r.f[i].port == port && r.f[i].client >= 0)
			return &r.f[i];
	return NULL;
}

/* Accepts from listener @i until flow @want (or, with NULL, everything) is out. */
static void accept_from(int i, struct flow *want)
{
	struct sockaddr_in peer;
	struct flow *got;
	socklen_t len;
	int child;

	while (r.l[i].fd >= 0 && !(want && want->accepted)) {
		len = sizeof(peer);
		child = accept(r.l[i].fd, (struct sockaddr *)&peer, &len);
		if (child < 0)
			return;
		got = flow_by_port(ntohs(peer.sin_port));
		if (!got) {
			abort_close(child);
			continue;
		}
		got->child = child;
		got->owner = i;
		got->accepted = true;
		r.l[i].queued--;
	}
}

/* The listener whose accept queue grew, or -1 when none did within SETTLE_MS. */
static int grown_queue(void)
{
	long long end = now_ms() + SETTLE_MS;
	unsigned int q;
	int i;

	/* Spinning, not sleeping: without high-resolution timers a sleep lasts a tick. */
	do {
		for (i = 0; i < r.n; i++)
			if (r.l[i].fd >= 0 && tcp_state(r.l[i].fd, &q) >= 0 &&
			    (int)q > r.l[i].queued)
				return i;
		sched_yield();
	} while (now_ms() < end);
	return -1;
}

/* A SYN of @f from its CPU; settles where it went, or that it was dropped. */
static void syn(struct flow *f)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(r.port) };
	long long end = now_ms() + SETTLE_MS;
	socklen_t len = sizeof(a);
	long drops;
	int st;

	pin(f->cpu);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	f->client = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (connect(f->client, (struct sockaddr *)&a, sizeof(a)) && errno != EINPROGRESS) {
		f->drop = errno == ECONNREFUSED ? REFUSED : LOST;
		goto dropped;
	}
	getsockname(f->client, (struct sockaddr *)&a, &len);
	f->port = ntohs(a.sin_port);
	for (;;) {
		st = tcp_state(f->client, NULL);
		if (st == TCP_ESTABLISHED)
			break;
		drops = reuserps() ? tcpext("TCPReuserpsLimitDrop") : 0;
		if (st == TCP_CLOSE) {
			f->drop = REFUSED;
			goto dropped;
		}
		if (drops > r.drops_before || now_ms() > end) {
			f->drop = drops > r.drops_before ? LIMIT : LOST;
			r.drops_before = drops;
			goto dropped;
		}
		sched_yield();
	}
	f->placed = grown_queue();
	f->owner = f->placed;
	if (f->placed < 0) {
		f->drop = LOST;
		goto dropped;
	}
	r.l[f->placed].queued++;
	return;
dropped:
	abort_close(f->client);
	f->client = -1;
}

/* Listener @l closes: its queued children migrate or are reset. */
static void close_listener(int l, int tick)
{
	int i;

	close(r.l[l].fd);
	r.l[l].fd = -1;
	r.l[l].queued = 0;
	usleep(20000);
	for (i = 0; i < r.n; i++) {
		unsigned int q = 0;

		if (r.l[i].fd >= 0 && tcp_state(r.l[i].fd, &q) >= 0)
			r.l[i].queued = q;
	}
	for (i = 0; i < r.n_flows; i++) {
		struct flow *f = &r.f[i];

		if (f->client < 0 || f->accepted || f->owner != l)
			continue;
		if (tcp_state(f->client, NULL) == TCP_CLOSE) {
			f->reset = true;
			f->reset_tick = tick;
			f->owner = -1;
		} else {
			f->owner = -2; /* migrated: its listener is known when accepted */
		}
	}
	/* The migrated children are accepted now, so that their listener is known. */
	for (i = 0; i < r.n; i++)
		accept_from(i, NULL);
}

static void event(char *line, int lineno)
{
	char kind[16];
	int t, x, cpu = 0;
	struct flow *f;

	if (sscanf(line, "e %d %15s %d %d", &t, kind, &x, &cpu) < 3)
		die("an event is e T KIND N [CPU]", lineno);
	if (!strcmp(kind, "syn")) {
		if (x != r.n_flows || x >= MAX_FLOWS || cpu < 0 || cpu >= r.cpus)
			die("a syn names the next flow and a CPU of the run", lineno);
		f = &r.f[r.n_flows++];
		memset(f, 0, sizeof(*f));
		f->cpu = cpu;
		f->child = -1;
		f->placed = -1;
		f->owner = -1;
		syn(f);
		return;
	}
	if (!strcmp(kind, "close") || !strcmp(kind, "listen")) {
		if (x < 0 || x >= r.n)
			die("no such listener", lineno);
		if (kind[0] == 'c')
			close_listener(x, t);
		else
			r.l[x].fd = open_listener(x);
		return;
	}
	if (x < 0 || x >= r.n_flows)
		die("no such flow", lineno);
	f = &r.f[x];
	if (!strcmp(kind, "accept")) {
		if (f->owner >= 0 && !f->accepted)
			accept_from(f->owner, f);
	} else if (!strcmp(kind, "end")) {
		if (f->child >= 0 || f->owner >= 0) {
			abort_close(f->child);
			abort_close(f->client);
			f->child = -1;
			f->client = -1;
		}
	} else {
		die("an event is syn, accept, end, close or listen", lineno);
	}
}

static void print_run(long migrated, long failed, long overflows)
{
	int i;

	printf("CMP {\"workload\":\"%s\",\"policy\":\"%s\",\"seed\":%d,\"ticks\":%d,",
	       r.workload, r.policy, r.seed, r.ticks);
	printf("\"counters\":{\"TCPMigrateReqSuccess\":%ld,\"TCPMigrateReqFailure\":%ld,"
	       "\"ListenOverflows\":%ld},\"flows\":[", migrated, failed, overflows);
	for (i = 0; i < r.n_flows; i++) {
		const struct flow *f = &r.f[i];

		printf("%s[%d,%d,\"%s\",%d,%d,%d]", i ? "," : "", f->cpu, f->placed,
		       drop_names[f->drop], f->owner, f->accepted, f->reset ? f->reset_tick : -1);
	}
	printf("]}\n");
	fflush(stdout);
}

static void finish_run(long mig0, long fail0, long over0)
{
	int i;

	for (i = 0; i < r.n_flows; i++) {
		abort_close(r.f[i].child);
		abort_close(r.f[i].client);
	}
	for (i = 0; i < r.n; i++)
		if (r.l[i].fd >= 0)
			close(r.l[i].fd);
	print_run(tcpext("TCPMigrateReqSuccess") - mig0, tcpext("TCPMigrateReqFailure") - fail0,
		  tcpext("ListenOverflows") - over0);
}

/* Runs one "run" block of the plan, from its header line on. */
static void run(FILE *plan, char *line, int *lineno)
{
	long mig0 = tcpext("TCPMigrateReqSuccess");
	long fail0 = tcpext("TCPMigrateReqFailure");
	long over0 = tcpext("ListenOverflows");
	long long t0;
	int i;

	memset(&r.l, 0, sizeof(r.l));
	if (sscanf(line, "run %31s %31s %d %d %d %d %d", r.workload, r.policy, &r.cpus, &r.n,
		   &r.limit, &r.ticks, &r.seed) != 7 || r.n < 1 || r.n > MAX_LISTENERS ||
	    r.cpus < 1 || r.cpus > CPU_SETSIZE)
		die("a run is: run WORKLOAD POLICY CPUS LISTENERS LIMIT TICKS SEED", *lineno);
	printf("# replay: %s %s\n", r.workload, r.policy);
	fflush(stdout);
	r.n_flows = 0;
	r.port = 0;
	r.drops_before = tcpext("TCPReuserpsLimitDrop");
	for (i = 0; i < r.n; i++) {
		(*lineno)++;
		if (!fgets(line, 256, plan) || sscanf(line, "l %d", &r.l[i].home) != 1 ||
		    r.l[i].home < 0 || r.l[i].home >= r.cpus)
			die("a listener is: l HOME, with HOME a CPU of the run", *lineno);
		r.l[i].fd = open_listener(i);
	}
	if (is("cbpf-cpu"))
		attach_cbpf(r.l[0].fd);
	t0 = now_ms();
	while (((*lineno)++, fgets(line, 256, plan)) && strncmp(line, "end", 3))
		event(line, *lineno);
	finish_run(mig0, fail0, over0);
	printf("# replay: %d flows in %lld ms\n", r.n_flows, now_ms() - t0);
}

int main(int argc, char **argv)
{
	struct rlimit nofile = { 65536, 65536 };
	char line[256];
	int lineno = 0;
	FILE *plan;

	if (argc != 2) {
		fprintf(stderr, "usage: kernelReplay PLAN\n");
		return 2;
	}
	plan = fopen(argv[1], "r");
	if (!plan) {
		perror(argv[1]);
		return 2;
	}
	setrlimit(RLIMIT_NOFILE, &nofile);
	r.cur_cpu = -1;
	while (fgets(line, sizeof(line), plan)) {
		lineno++;
		if (!strncmp(line, "run ", 4))
			run(plan, line, &lineno);
		else if (line[0] != '\n' && line[0] != '#')
			die("expected a run", lineno);
	}
	fclose(plan);
	return 0;
}
