/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bare IPv4 TCP segment with its checksums, as the guest programs that play a TUN peer
 * write it (kerneldiff/executor.c, stress/stress.c).
 */
#ifndef REUSERPS_SEGMENT_H
#define REUSERPS_SEGMENT_H

#include <arpa/inet.h>
#include <linux/types.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <string.h>

struct segment {
	struct iphdr ip;
	struct tcphdr tcp;
};

static inline __u32 csum_add(__u32 sum, const void *data, size_t len)
{
	const __u8 *p = data;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

static inline __u16 csum_fold(__u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/* The segment @saddr:@sport -> @daddr:@dport with TCP @flags, @seq and @ack. */
static inline void segment_build(struct segment *pkt, __be32 saddr, __be32 daddr,
				 unsigned short sport, unsigned short dport, __u8 flags,
				 __u32 seq, __u32 ack)
{
	struct {
		__be32 saddr, daddr;
		__u8 zero, proto;
		__be16 len;
	} pseudo = { saddr, daddr, 0, IPPROTO_TCP, htons(sizeof(pkt->tcp)) };

	memset(pkt, 0, sizeof(*pkt));
	pkt->ip.version = 4;
	pkt->ip.ihl = 5;
	pkt->ip.tot_len = htons(sizeof(*pkt));
	pkt->ip.ttl = 64;
	pkt->ip.protocol = IPPROTO_TCP;
	pkt->ip.saddr = saddr;
	pkt->ip.daddr = daddr;
	pkt->ip.check = htons(csum_fold(csum_add(0, &pkt->ip, sizeof(pkt->ip))));
	pkt->tcp.source = htons(sport);
	pkt->tcp.dest = htons(dport);
	pkt->tcp.seq = htonl(seq);
	pkt->tcp.ack_seq = htonl(ack);
	pkt->tcp.doff = 5;
	((__u8 *)&pkt->tcp)[13] = flags;
	pkt->tcp.window = htons(65535);
	pkt->tcp.check = htons(csum_fold(csum_add(csum_add(0, &pseudo, sizeof(pseudo)),
						  &pkt->tcp, sizeof(pkt->tcp))));
}

#endif
