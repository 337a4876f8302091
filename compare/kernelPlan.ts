import { KERNEL_POLICIES, KERNEL_WORKLOADS } from './KERNEL_RUNS';
import { kernelWorkload } from './kernelWorkload';
import type { Workload } from './Workload';

/**
 * The plan that compare/kernelReplay.c runs in a guest: every kernel policy over the
 * kernel's part of each named workload of `seed`, as text (format in kernelReplay.c). ACK events are left out:
 * over loopback the handshake completes within connect().
 */
export function kernelPlan(seed: number, names: readonly string[] = KERNEL_WORKLOADS): string {
  const out: string[] = [];
  for (const name of names) {
    const w = kernelWorkload(name, seed);
    if (w === null) throw new RangeError(`no workload ${name}`);
    for (const policy of KERNEL_POLICIES) out.push(...planOf(w, policy, seed));
  }
  return out.join('\n') + '\n';
}

function planOf(w: Workload, policy: string, seed: number): string[] {
  const out = [
    `run ${w.name} ${policy} ${w.cpus} ${w.listeners.length} ${w.limit} ${w.ticks} ${seed}`,
  ];
  for (const l of w.listeners) out.push(`l ${l.home}`);
  for (const e of w.events) {
    if (e.kind === 'syn') out.push(`e ${e.t} syn ${e.flow} ${e.rssCpu}`);
    else if (e.kind === 'accept' || e.kind === 'end') out.push(`e ${e.t} ${e.kind} ${e.flow}`);
    else if (e.kind === 'close' || e.kind === 'listen')
      out.push(`e ${e.t} ${e.kind} ${e.listener}`);
  }
  out.push('end');
  return out;
}
