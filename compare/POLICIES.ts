import { POLICY_FILL_FIRST, POLICY_ROUND_ROBIN } from '../model';
import { modelSim } from './modelSim';
import type { PolicySim } from './PolicySim';
import {
  cbpfCpu,
  cbpfQueue,
  dragonflyModulo,
  dragonflyThreshold,
  freebsdLb,
  incomingCpu,
  socksGroupSim,
} from './socksGroupSim';
import type { Workload } from './Workload';

/** A compared policy: how listeners are chosen, and where its rules come from. */
export interface ComparedPolicy {
  readonly name: string;
  /** Where it comes from. */
  readonly source: string;
  /** A fresh run of it over a workload's listeners (the `-limit` ones use its limit). */
  readonly start: (w: Workload) => PolicySim;
}

/**
 * Every policy `reuserps compare` runs. Linux's hash selection and SO_REUSERPS are the
 * reference model; the others are small simulators of their selection and group order.
 */
export const POLICIES: readonly ComparedPolicy[] = [
  {
    name: 'linux-hash',
    source: 'Linux SO_REUSEPORT, reuseport_select_sock_by_hash in net/core/sock_reuseport.c',
    start: (w) => modelSim(w.cpus, w.listeners, null),
  },
  {
    name: 'cbpf-cpu',
    source: 'SO_ATTACH_REUSEPORT_CBPF returning the CPU, as selftests/net/reuseport_bpf_cpu.c',
    start: (w) => socksGroupSim(w.listeners, cbpfCpu, 'swapWithLast'),
  },
  {
    name: 'cbpf-queue',
    source: "ADQ's cBPF program returning the receive queue (Intel's ADQ configuration)",
    start: (w) => socksGroupSim(w.listeners, cbpfQueue, 'swapWithLast'),
  },
  {
    name: 'incoming-cpu',
    source: 'SO_INCOMING_CPU, Linux 6.12 reuseport_select_sock_by_hash',
    start: (w) => socksGroupSim(w.listeners, incomingCpu, 'swapWithLast'),
  },
  {
    name: 'dfly-threshold',
    source: 'DragonFly BSD inp_localgroup (sys/netinet/in_pcb.c), hash-threshold',
    start: (w) => socksGroupSim(w.listeners, dragonflyThreshold(w.cpus), 'pullUp'),
  },
  {
    name: 'dfly-modulo',
    source: 'DragonFly BSD inp_localgroup (sys/netinet/in_pcb.c), modulo-N',
    start: (w) => socksGroupSim(w.listeners, dragonflyModulo(w.cpus), 'pullUp'),
  },
  {
    name: 'freebsd-lb',
    source: 'FreeBSD SO_REUSEPORT_LB, order-preserving removal',
    start: (w) => socksGroupSim(w.listeners, freebsdLb, 'pullUp'),
  },
  {
    name: 'reuserps-rr',
    source: 'SO_REUSERPS round-robin, no limit (the model)',
    start: (w) => modelSim(w.cpus, w.listeners, { policy: POLICY_ROUND_ROBIN, limit: 0 }),
  },
  {
    name: 'reuserps-ff',
    source: 'SO_REUSERPS fill-first, no limit (the model)',
    start: (w) => modelSim(w.cpus, w.listeners, { policy: POLICY_FILL_FIRST, limit: 0 }),
  },
  {
    name: 'reuserps-rr-limit',
    source: 'SO_REUSERPS round-robin with the workload limit (the model)',
    start: (w) => modelSim(w.cpus, w.listeners, { policy: POLICY_ROUND_ROBIN, limit: w.limit }),
  },
  {
    name: 'reuserps-ff-limit',
    source: 'SO_REUSERPS fill-first with the workload limit (the model)',
    start: (w) => modelSim(w.cpus, w.listeners, { policy: POLICY_FILL_FIRST, limit: w.limit }),
  },
];
