/**
 * What a kernel can run of `reuserps compare`: the workloads whose SYN CPUs a guest can
 * choose over loopback (by pinning the connecting thread), and the policies Linux 6.12
 * has or the series adds. The others (skewed and lifetimes differ from uniform only in
 * what the simulator already shows; cbpf-queue needs a multi-queue NIC; the BSD policies
 * are not Linux) stay simulator-only.
 */
export const KERNEL_WORKLOADS: readonly string[] = ['uniform', 'stacked', 'restart', 'burst'];

/** The policies a kernel run measures, by their `reuserps compare` names. */
export const KERNEL_POLICIES: readonly string[] = [
  'linux-hash',
  'incoming-cpu',
  'cbpf-cpu',
  'reuserps-rr',
  'reuserps-ff',
  'reuserps-rr-limit',
  'reuserps-ff-limit',
];

/**
 * How many ticks of each workload a kernel replays: a prefix, so that the comparison
 * boot stays within CI's time. Each keeps what its workload is about: uniform and
 * stacked their steady state, restart its close at 150 and listen at 250, burst two
 * bursts past the limits.
 */
export const KERNEL_TICKS: Readonly<Record<string, number>> = {
  uniform: 200,
  stacked: 200,
  restart: 300,
  burst: 200,
};
