import { POLICY_FILL_FIRST, type State } from '../model';
import type { Names } from './runTrace';

/**
 * The state as a person reads it: each group with one line per CPU row (the cursor marked
 * with `>`), then each live socket with its mask, limit, count and queue, then counters.
 * Every line starts with `  | ` so that it stands apart from the JSON lines.
 */
export function renderState(s: State, names: Names): string {
  const lines: string[] = [];
  const sock = (id: number): string => names.sockName(id);
  for (const g of s.groups) {
    const mode =
      g.table === null
        ? 'SO_REUSEPORT'
        : `SO_REUSERPS ${g.table.policy === POLICY_FILL_FIRST ? 'fill-first' : 'round-robin'}`;
    const prog = g.prog ? ' with a BPF program' : '';
    lines.push(
      `port ${g.port}: ${mode} group${prog}, socks[] = [${g.members.map(sock).join(' ')}]`,
    );
    if (g.table === null) continue;
    for (const [cpu, row] of g.table.rows.entries()) {
      const cursor = g.table.cursors[cpu] ?? 0;
      const cells = row.map((id, i) => `${i === cursor && row.length > 1 ? '>' : ''}${sock(id)}`);
      lines.push(`  cpu${cpu}: ${row.length === 0 ? '(empty: hash fallback)' : cells.join(' ')}`);
    }
  }
  for (const k of s.sockets) {
    if (k.phase === 'closed' && k.count === 0) continue;
    const rps =
      k.rps === null
        ? ''
        : ` mask ${k.rps.mask.join(',')} limit ${k.rps.limit === 0 ? 'none' : k.rps.limit}`;
    const queue = k.acceptQueue.map((c) => names.connName(c)).join(' ');
    const port = k.port === null ? '' : ` port ${k.port}`;
    const prog = k.prog ? ' prog' : '';
    lines.push(
      `${sock(k.id)}: ${k.phase}${port} uid ${k.uid}${rps}${prog} count ${k.count} queue [${queue}]`,
    );
  }
  const pending = s.conns.map(
    (c) => `${names.connName(c.id)}@${sock(c.owner)}(${c.phase},cpu${c.cpu})`,
  );
  if (pending.length > 0) lines.push(`conns: ${pending.join(' ')}`);
  const cookies = s.cookies.map((c) => `${names.connName(c.id)}(port ${c.port})`);
  if (cookies.length > 0) lines.push(`cookies with the peer: ${cookies.join(' ')}`);
  const counters = Object.entries(s.counters).filter(([, v]) => v !== 0);
  if (counters.length > 0)
    lines.push(`counters: ${counters.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return lines.map((l) => `  | ${l}`).join('\n');
}
