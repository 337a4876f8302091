/* SPDX-License-Identifier: GPL-2.0 */
#include "../shim.h"

/* The harness's sockets are all TCP listeners, and hold their registration
 * directly: the kernel keeps it in struct inet_connection_sock.
 */
static inline struct reuserps_member *reuserps_sk(const struct sock *sk)
{
	return sk->sk_reuserps;
}
