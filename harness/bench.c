// SPDX-License-Identifier: GPL-2.0
/*
 * Cost per SYN of the SO_REUSERPS C core (net/core/sock_reuserps.c, taken from patches/)
 * against a hash selection like reuseport_select_sock_by_hash(), compiled in the same
 * binary with the same flags. One row of N listeners for CPU 0, N in 1, 8, 32, 128, both
 * policies, without limits and with all but the last listener at its limit. Each
 * selection's hash depends on the one before, so that both paths are timed as a chain of
 * dependent calls (latency per SYN). Prints one JSON object per case: the median over
 * rounds of nanoseconds per selection.
 */
#include <stdio.h>
#include <time.h>
#include <net/sock_reuserps.h>

spinlock_t reuseport_lock;

#define ROUNDS 7
#define ITERATIONS 2000000

static struct sock socks[REUSERPS_ROW_MAX];
static struct sock *group[REUSERPS_ROW_MAX];
static volatile const void *sink;
bool shim_alloc_fails;

/* The loop of reuseport_select_sock_by_hash(): the first member from the hash's slot
 * that may take the connection (there, one not in TCP_ESTABLISHED).
 */
static __attribute__((noinline)) struct sock *select_by_hash(struct sock **members, u16 n,
							   u32 hash)
{
	int i, j;

	i = j = reciprocal_scale(hash, n);
	do {
		struct sock *sk = members[i];

		if (READ_ONCE(sk->id) >= 0)
			return sk;
		if (++i >= n)
			i = 0;
	} while (i != j);
	return NULL;
}

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* ns per call of one round of one kind of selection: 0 hash, 1 the table. */
static double round_ns(struct sock_reuserps *rps, u16 n, int kind)
{
	u32 hash = 2463534242u;
	double t0 = now_ns();
	bool fallback;
	int i;

	for (i = 0; i < ITERATIONS; i++) {
		struct sock *sk;

		hash ^= hash << 13;
		hash ^= hash >> 17;
		hash ^= hash << 5;
		if (kind == 0)
			sk = select_by_hash(group, n, hash);
		else
			sk = reuserps_select_sock(rps, group, n, hash, 0, &fallback, NULL);
		/* Each SYN that gets a listener creates a request: the kernel
		 * commits its choice, which the table path pays for.
		 */
		if (kind != 0 && sk)
			reuserps_commit(rps, sk, 0);
		/* Each SYN waits for the one before: latency, not throughput, for
		 * both paths alike.
		 */
		hash += sk ? (u32)sk->id : 0;
	}
	sink = &hash;
	return (now_ns() - t0) / ITERATIONS;
}

/* Medians of both kinds, their rounds interleaved so that a change of load on this
 * shared machine falls on both alike.
 */
static void measure(struct sock_reuserps *rps, u16 n, double *hash, double *table)
{
	double h[ROUNDS], t[ROUNDS];
	int r;

	for (r = 0; r < ROUNDS; r++) {
		h[r] = round_ns(rps, n, 0);
		t[r] = round_ns(rps, n, 1);
	}
	qsort(h, ROUNDS, sizeof(h[0]), cmp);
	qsort(t, ROUNDS, sizeof(t[0]), cmp);
	*hash = h[ROUNDS / 2];
	*table = t[ROUNDS / 2];
}

int main(void)
{
	static const u16 sizes[] = { 1, 8, 32, 128 };
	unsigned long mask = 1;
	unsigned int s, policy, limits, i;

	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		u16 n = sizes[s];

		for (policy = 0; policy <= 1; policy++) {
			for (limits = 0; limits <= 1; limits++) {
				struct sock_reuserps *rps = reuserps_alloc(policy, 4, GFP_KERNEL);
				double table, hash;

				for (i = 0; i < n; i++) {
					socks[i].id = i;
					socks[i].sk_reuserps = reuserps_member_alloc(4, GFP_KERNEL);
					group[i] = &socks[i];
					/* With limits, all but the last listener are full. */
					if (limits) {
						socks[i].sk_reuserps->limit = 1;
						atomic_inc(&socks[i].sk_reuserps->count);
						if (i == n - 1u)
							socks[i].sk_reuserps->limit = 0;
					}
					__reuserps_set(rps, &socks[i], &mask, 4);
				}
				measure(rps, n, &hash, &table);
				printf("{\"listeners\":%u,\"policy\":\"%s\",\"limits\":%s,\"ns\":%.2f,\"hashNs\":%.2f,\"ratio\":%.2f}\n",
				       n, policy ? "fill-first" : "round-robin", limits ? "true" : "false",
				       table, hash, table / hash);
				for (i = 0; i < n; i++)
					free(socks[i].sk_reuserps);
				reuserps_free(rps);
			}
		}
	}
	return 0;
}
