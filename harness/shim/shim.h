/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel primitives net/core/sock_reuserps.c uses, for a single-threaded user-space
 * build: RCU and locks are no-ops, allocation is calloc, atomics are plain integers.
 */
#ifndef REUSERPS_SHIM_H
#define REUSERPS_SHIM_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef uint8_t __u8;
typedef uint32_t __u32;
typedef unsigned int gfp_t;
typedef int spinlock_t;

#define GFP_ATOMIC 0u
#define GFP_KERNEL 0u
#define __rcu
#define __counted_by(member)
#define min(a, b) ((a) < (b) ? (a) : (b))
#define READ_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

struct rcu_head {
	void *next;
};
#define rcu_dereference(p) (p)
#define rcu_dereference_protected(p, c) ((void)(c), (p))
#define rcu_assign_pointer(p, v) ((p) = (v))
#define RCU_INIT_POINTER(p, v) ((p) = (v))
#define rcu_read_lock() do { } while (0)
#define rcu_read_unlock() do { } while (0)
#define kfree_rcu(p, field) free(p)
#define lockdep_is_held(lock) 1
#define lockdep_assert_held(lock) do { } while (0)
#define smp_load_acquire(p) READ_ONCE(*(p))
#define smp_store_release(p, v) WRITE_ONCE(*(p), (v))
#define smp_mb__before_atomic() do { } while (0)
#define smp_mb__after_atomic() do { } while (0)
#define EXPORT_SYMBOL(sym)
/* A kernel warning is a broken invariant: the harness stops on it. */
#define WARN_ON_ONCE(c) ((c) ? (fprintf(stderr, "WARN_ON_ONCE(%s)\n", #c), abort(), 1) : 0)

typedef struct {
	int counter;
} atomic_t;
typedef struct {
	int refs;
} refcount_t;

static inline int atomic_read(const atomic_t *a) { return a->counter; }
static inline int atomic_read_acquire(const atomic_t *a) { return a->counter; }
static inline void atomic_dec(atomic_t *a) { a->counter--; }
static inline void atomic_inc(atomic_t *a) { a->counter++; }
static inline void atomic_add(int i, atomic_t *a) { a->counter += i; }
static inline int atomic_dec_return(atomic_t *a) { return --a->counter; }
static inline bool atomic_try_cmpxchg(atomic_t *a, int *old, int new_value)
{
	if (a->counter != *old) {
		*old = a->counter;
		return false;
	}
	a->counter = new_value;
	return true;
}
static inline void refcount_set(refcount_t *r, int n) { r->refs = n; }
static inline void refcount_inc(refcount_t *r) { r->refs++; }
static inline bool refcount_dec_and_test(refcount_t *r) { return --r->refs == 0; }

/* While set, every allocation fails: the driver removes listeners so, since removal must
 * need none (a listener that closes cannot be refused).
 */
extern bool shim_alloc_fails;
#define kzalloc(size, gfp) (shim_alloc_fails ? NULL : calloc(1, (size)))
#define kcalloc(n, size, gfp) (shim_alloc_fails ? NULL : calloc((n), (size)))
#define kfree(p) free((void *)(p))
#define struct_size(p, member, n) (sizeof(*(p)) + sizeof((p)->member[0]) * (size_t)(n))
#define size_add(a, b) ((size_t)(a) + (size_t)(b))
#define array_size(n, size) ((size_t)(n) * (size_t)(size))

#define BITS_PER_LONG (8 * sizeof(long))
#define BITS_TO_LONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)
static inline bool test_bit(unsigned long nr, const unsigned long *addr)
{
	return (addr[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}
static inline void __set_bit(unsigned long nr, unsigned long *addr)
{
	addr[nr / BITS_PER_LONG] |= 1ul << (nr % BITS_PER_LONG);
}

#define MAX_ERRNO 4095
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return (unsigned long)ptr >= (unsigned long)-MAX_ERRNO; }
static inline bool IS_ERR_OR_NULL(const void *ptr) { return !ptr || IS_ERR(ptr); }

static inline u32 reciprocal_scale(u32 val, u32 ep_ro)
{
	return (u32)(((u64)val * ep_ro) >> 32);
}

struct reuserps_member;

/* The fields of struct sock that the core reads. */
struct sock {
	int id;
	struct reuserps_member *sk_reuserps;
};

#endif
