// SPDX-License-Identifier: GPL-2.0
/*
 * Runs table commands through the C core of the SO_REUSERPS patch (net/core/sock_reuserps.c,
 * taken from patches/ by harness/buildHarness.ts) and prints one line per command, for the
 * differential test against the model. It keeps each group's socks[] as
 * net/core/sock_reuseport.c does: append on join, fill the hole with the last on leave.
 *
 *   reset CPUS                     ok
 *   add G SK POLICY LIMIT CPU...   ok | err -N      (listen: join G, rows of the mask)
 *   update G SK LIMIT CPU...       ok | err -N      (setsockopt on a listener)
 *   remove G SK                    ok               (stop listening)
 *   select G CPU HASH MOVE         sk N row|hash | drop row|hash (MOVE: then commit)
 *   spread G SK CPU HASH           sk N row|hash | drop row|hash (a child of SK closing)
 *   charge SK / uncharge SK        ok | full
 *   state G                        socks=..;rows=CPU:SK,SK@CURSOR|..
 *   count SK                       N
 *   push                           ok               (fork: the child goes on)
 *   pop                            ok               (the child ends; its parent goes on)
 *
 * A line that is not one of these, or names a group, socket or CPU out of range or a group
 * with no table, ends the run with a message naming the line (exit status 2): the driver
 * is fed only by the project, and a broken feeder must fail clearly, not corrupt memory.
 *
 * push and pop let the explorer try every action of a state from one copy of it: push
 * forks, and the parent waits while the child reads on; pop ends the child, and the parent
 * reads on from the state it had. The input buffer is shared by every copy, so that what
 * a child read ahead is not lost to its parent. A child that dies any other way ends its
 * parent with a message (exit status 3).
 *
 * Each answer is written out at once, so that a crash shows at the first command without
 * one; with --batch, answers are written in blocks instead (the explorer's thousands of
 * commands a state), and a crash shows only roughly where.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <net/sock_reuserps.h>

#define MAX_SOCKS 512
#define MAX_GROUPS 64

spinlock_t reuseport_lock;

struct group {
	struct sock_reuserps *rps;
	struct sock *socks[MAX_SOCKS];
	unsigned int num_socks;
};

static struct sock socks[MAX_SOCKS];
static struct group groups[MAX_GROUPS];
static unsigned int nr_cpus;
/* The input, shared by every pushed copy: lines are taken from buf[head..tail). */
struct input {
	unsigned int lineno;	/* of the whole input, for messages */
	size_t head, tail;
	char buf[1 << 16];
};

static struct input *in;
static unsigned int pushed;
static bool batch;
bool shim_alloc_fails;

static void bad(const char *why)
{
	fprintf(stderr, "driver: line %u: %s\n", in->lineno, why);
	exit(2);
}

static int sock_id(int sk)
{
	if (sk < 0 || sk >= MAX_SOCKS)
		bad("socket out of range");
	return sk;
}

static struct group *group_of(int g, bool need_table)
{
	if (g < 0 || g >= MAX_GROUPS)
		bad("group out of range");
	if (need_table && !groups[g].rps)
		bad("group has no table");
	return &groups[g];
}

static struct reuserps_member *member_of(int id)
{
	struct sock *sk = &socks[id];

	if (!sk->sk_reuserps)
		sk->sk_reuserps = reuserps_member_alloc(nr_cpus, GFP_KERNEL);
	return sk->sk_reuserps;
}

/* Forks; the parent comes back only once the child has popped. */
static void push(void)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		bad("fork failed");
	if (pid == 0) {
		pushed++;
		printf("ok\n");
		return;
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "driver: line %u: a pushed copy died (status %d)\n", in->lineno,
			status);
		exit(3);
	}
}

static void pop(void)
{
	if (!pushed)
		bad("pop with nothing pushed");
	printf("ok\n");
	fflush(stdout);
	exit(0);
}

static void reset(unsigned int cpus)
{
	int i;

	for (i = 0; i < MAX_GROUPS; i++)
		if (groups[i].rps)
			reuserps_free(groups[i].rps);
	for (i = 0; i < MAX_SOCKS; i++)
		free(socks[i].sk_reuserps);
	memset(groups, 0, sizeof(groups));
	memset(socks, 0, sizeof(socks));
	for (i = 0; i < MAX_SOCKS; i++)
		socks[i].id = i;
	nr_cpus = cpus;
}

/* Reads CPU numbers until the end of the line into a mask of MAX_SOCKS bits. */
static void read_mask(char *rest, unsigned long *mask)
{
	unsigned long cpu;
	char *tok, *end;

	memset(mask, 0, BITS_TO_LONGS(MAX_SOCKS) * sizeof(long));
	for (tok = strtok(rest, " \n"); tok; tok = strtok(NULL, " \n")) {
		cpu = strtoul(tok, &end, 10);
		if (*end || cpu >= MAX_SOCKS)
			bad("mask CPU not a number below 512");
		__set_bit(cpu, mask);
	}
}

static void print_state(struct group *g)
{
	unsigned int i, cpu;

	printf("socks=");
	for (i = 0; i < g->num_socks; i++)
		printf("%s%d", i ? "," : "", g->socks[i]->id);
	printf(";rows=");
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		struct reuserps_row *row = g->rps->rows[cpu];

		printf("%s%u:", cpu ? "|" : "", cpu);
		for (i = 0; row && i < row->len; i++)
			printf("%s%d", i ? "," : "", row->socks[i]->id);
		printf("@%u", row ? row->cursor : 0);
	}
	printf("\n");
}

static void command(char *line)
{
	unsigned long mask[BITS_TO_LONGS(MAX_SOCKS)];
	char verb[16];
	int g, sk, n, policy, move;
	unsigned long limit, hash, cpu;
	bool fallback;

	if (sscanf(line, "%15s%n", verb, &n) != 1)
		return;
	line += n;
	if (!strcmp(verb, "reset") && sscanf(line, "%lu", &cpu) == 1) {
		if (cpu < 1 || cpu > MAX_SOCKS)
			bad("CPUS not from 1 to 512");
		reset(cpu);
		printf("ok\n");
	} else if (!strcmp(verb, "add") && sscanf(line, "%d %d %d %lu%n", &g, &sk, &policy, &limit, &n) == 4) {
		struct group *grp = group_of(g, false);
		struct reuserps_member *m = member_of(sock_id(sk));
		int err;

		if (policy != 0 && policy != 1)
			bad("policy not 0 or 1");
		if (grp->num_socks == MAX_SOCKS)
			bad("group full");
		read_mask(line + n, mask);
		if (!grp->rps)
			grp->rps = reuserps_alloc(policy, nr_cpus, GFP_KERNEL);
		m->limit = limit;
		err = __reuserps_set(grp->rps, &socks[sk], mask, nr_cpus);
		if (!err)
			grp->socks[grp->num_socks++] = &socks[sk];
		if (!grp->num_socks) {
			reuserps_free(grp->rps);
			grp->rps = NULL;
		}
		if (err)
			printf("err %d\n", err);
		else
			printf("ok\n");
	} else if (!strcmp(verb, "update") && sscanf(line, "%d %d %lu%n", &g, &sk, &limit, &n) == 3) {
		struct group *grp = group_of(g, true);
		struct reuserps_member *m = member_of(sock_id(sk));
		u32 old_limit = m->limit;
		int err;

		/* As reuseport_rps_apply() does: the limit first, so the rows see it. */
		read_mask(line + n, mask);
		m->limit = limit;
		err = __reuserps_set(grp->rps, &socks[sk], mask, nr_cpus);
		if (err)
			m->limit = old_limit;
		if (err)
			printf("err %d\n", err);
		else
			printf("ok\n");
	} else if (!strcmp(verb, "remove") && sscanf(line, "%d %d", &g, &sk) == 2) {
		struct group *grp = group_of(g, true);
		unsigned int i;

		sock_id(sk);
		shim_alloc_fails = true;
		__reuserps_remove(grp->rps, &socks[sk]);
		shim_alloc_fails = false;
		for (i = 0; i < grp->num_socks; i++) {
			if (grp->socks[i] == &socks[sk]) {
				grp->socks[i] = grp->socks[--grp->num_socks];
				break;
			}
		}
		if (!grp->num_socks) {
			reuserps_free(grp->rps);
			grp->rps = NULL;
		}
		printf("ok\n");
	} else if (!strcmp(verb, "select") && sscanf(line, "%d %lu %lu %d", &g, &cpu, &hash, &move) == 4) {
		struct group *grp = group_of(g, true);
		struct sock *chosen;

		/* MOVE: the choice created something, so the kernel commits it. */
		chosen = reuserps_select_sock(grp->rps, grp->socks, grp->num_socks, hash, cpu,
					      &fallback, NULL);
		if (chosen && move)
			reuserps_commit(grp->rps, chosen, cpu);
		if (chosen)
			printf("sk %d %s\n", chosen->id, fallback ? "hash" : "row");
		else
			printf("drop %s\n", fallback ? "hash" : "row");
	} else if (!strcmp(verb, "spread") &&
		   sscanf(line, "%d %d %lu %lu", &g, &sk, &cpu, &hash) == 4) {
		/* A child of SK, which closes, on CPU: by SK's own position. */
		struct group *grp = group_of(g, true);
		struct reuserps_member *m = member_of(sock_id(sk));
		struct sock *chosen;
		bool by_hash = cpu >= nr_cpus || !grp->rps->rows[cpu];

		chosen = reuserps_spread_sock(grp->rps, grp->socks, grp->num_socks, hash, cpu,
					      &m->spread[cpu]);
		if (chosen)
			printf("sk %d %s\n", chosen->id, by_hash ? "hash" : "row");
		else
			printf("drop %s\n", by_hash ? "hash" : "row");
	} else if (!strcmp(verb, "charge") && sscanf(line, "%d", &sk) == 1) {
		printf("%s\n", reuserps_charge(member_of(sock_id(sk))) ? "ok" : "full");
	} else if (!strcmp(verb, "uncharge") && sscanf(line, "%d", &sk) == 1) {
		reuserps_uncharge(member_of(sock_id(sk)));
		printf("ok\n");
	} else if (!strcmp(verb, "state") && sscanf(line, "%d", &g) == 1) {
		print_state(group_of(g, true));
	} else if (!strcmp(verb, "count") && sscanf(line, "%d", &sk) == 1) {
		printf("%d\n", atomic_read(&member_of(sock_id(sk))->count));
	} else if (!strcmp(verb, "push")) {
		push();
	} else if (!strcmp(verb, "pop")) {
		pop();
	} else {
		bad("not a command of this driver, or its numbers are missing");
	}
}

/* The next line into line[], its newline kept (the last may have none); false at the end. */
static bool next_line(char *line, size_t size)
{
	char *nl;
	size_t n;
	ssize_t got;

	for (;;) {
		nl = memchr(in->buf + in->head, '\n', in->tail - in->head);
		n = nl ? (size_t)(nl - in->buf - in->head) + 1 : in->tail - in->head;
		if (n >= size)
			bad("longer than 4095 characters");
		if (nl)
			break;
		memmove(in->buf, in->buf + in->head, n);
		in->head = 0;
		in->tail = n;
		got = read(STDIN_FILENO, in->buf + n, sizeof(in->buf) - n);
		if (got < 0)
			bad("stdin could not be read");
		if (got == 0) {
			if (!n)
				return false;
			break;
		}
		in->tail += got;
	}
	memcpy(line, in->buf + in->head, n);
	line[n] = '\0';
	in->head += n;
	in->lineno++;
	return true;
}

int main(int argc, char **argv)
{
	char line[4096];

	batch = argc > 1 && !strcmp(argv[1], "--batch");
	in = mmap(NULL, sizeof(*in), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (in == MAP_FAILED)
		return 1;
	reset(1);
	while (next_line(line, sizeof(line))) {
		command(line);
		if (!batch)
			fflush(stdout);
	}
	/* A pushed copy at the end of the input ends as if popped. */
	return 0;
}
