/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the programs that kernel/stress.sh runs in its guests
 * (stress/stress.c, compare/kernelReplay.c): static, so each program stays one binary.
 */
#ifndef REUSERPS_GUEST_H
#define REUSERPS_GUEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static inline long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Ends a connection at once with a RST, so that it stops counting at once. */
static inline void abort_close(int fd)
{
	struct linger lin = { .l_onoff = 1, .l_linger = 0 };

	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
	close(fd);
}

/* Counter @name of group @group ("TcpExt", "Tcp") in @file (/proc/net/netstat,
 * /proc/net/snmp), or -1: a line of names, then a line of values.
 */
static inline long proc_counter(const char *file, const char *group, const char *name)
{
	char names[8192], values[8192], *n, *v, *sn, *sv;
	size_t glen = strlen(group);
	long found = -1;
	FILE *f = fopen(file, "r");

	if (!f)
		return -1;
	while (found < 0 && fgets(names, sizeof(names), f) && fgets(values, sizeof(values), f)) {
		if (strncmp(names, group, glen) || names[glen] != ':')
			continue;
		n = strtok_r(names, " \n", &sn);
		v = strtok_r(values, " \n", &sv);
		while (n && v && strcmp(n, name)) {
			n = strtok_r(NULL, " \n", &sn);
			v = strtok_r(NULL, " \n", &sv);
		}
		if (n && v)
			found = atol(v);
	}
	fclose(f);
	return found;
}

#endif
