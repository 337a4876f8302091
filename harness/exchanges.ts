import type { Group, MigrationPoint, State } from '../model';
import type { Run, Transition } from '../properties';

/** One command for the driver, with the line the model says it must print. */
export interface Exchange {
  readonly step: number;
  readonly command: string;
  readonly expect: string;
}

/**
 * What a run of the model means for the C core: every table change (join, update, leave),
 * every choice the table makes (SYN, SYN cookie and its ACK, migration at close, ACK or
 * timer, drop at a limit),
 * every charge and uncharge, then the tables and counts as the model has them after each
 * step. Choices that plain groups or lone listeners make are not the core's; their
 * charges still are.
 */
export function runToExchanges(r: Run): Exchange[] {
  const out: Exchange[] = [{ step: -1, command: `reset ${r.config.cpus}`, expect: 'ok' }];
  for (const [i, t] of r.steps.entries()) {
    const push = (command: string, expect: string): void =>
      void out.push({ step: i, command, expect });
    membership(t, push);
    choices(t, push);
    for (const g of t.after.groups) if (g.table !== null) push(`state ${g.id}`, tableOf(g));
    for (const s of t.after.sockets) push(`count ${s.id}`, String(s.count));
  }
  return out;
}

type Push = (command: string, expect: string) => void;

/** Joins, leaves and in-place updates of SO_REUSERPS groups, and their ENOSPC failures. */
function membership({ before, after, action, outcome }: Transition, push: Push): void {
  for (const g of before.groups) {
    if (g.table === null) continue;
    const now = after.groups.find((o) => o.id === g.id);
    for (const m of g.members)
      if (now?.members.includes(m) !== true) push(`remove ${g.id} ${m}`, 'ok');
  }
  for (const g of after.groups) {
    if (g.table === null) continue;
    const was = before.groups.find((o) => o.id === g.id);
    for (const m of g.members) {
      const rps = after.sockets[m]?.rps;
      if (rps == null) continue;
      if (was?.members.includes(m) !== true) {
        push(`add ${g.id} ${m} ${g.table.policy} ${rps.limit} ${rps.mask.join(' ')}`, 'ok');
      } else if (before.sockets[m]?.rps !== rps) {
        push(`update ${g.id} ${m} ${rps.limit} ${rps.mask.join(' ')}`, 'ok');
      }
    }
  }
  if (outcome.ok || outcome.errno !== 'ENOSPC') return;
  if (action.type === 'socketListen') {
    const sock = before.sockets[action.sock];
    const g = before.groups.find((o) => o.port === sock?.port);
    if (sock?.rps != null && g?.table != null) {
      push(
        `add ${g.id} ${sock.id} ${g.table.policy} ${sock.rps.limit} ${sock.rps.mask.join(' ')}`,
        'err -28',
      );
    }
  } else if (action.type === 'socketSetReuserps') {
    const g = before.groups.find((o) => o.id === before.sockets[action.sock]?.group);
    const mask = [...new Set(action.opt.mask)].sort((a, b) => a - b);
    if (g !== undefined)
      push(`update ${g.id} ${action.sock} ${action.opt.limit} ${mask.join(' ')}`, 'err -28');
  }
}

/**
 * The packet of this step that looks a listener up by its port and flow hash: a SYN, or
 * the ACK that returns a SYN cookie.
 */
function lookupOf({ before, action }: Transition): { port: number; hash: number } | null {
  if (action.type === 'synArrive') return action;
  if (action.type !== 'ackArrive') return null;
  return before.cookies.find((k) => k.id === action.conn) ?? null;
}

/** The table's choices in this step, with the charges they lead to. */
function choices(t: Transition, push: Push): void {
  const { before, after, outcome } = t;
  if (!outcome.ok) return;
  const hashOf = (conn: number): number => before.conns.find((c) => c.id === conn)?.hash ?? 0;
  const lookup = lookupOf(t);
  for (const e of outcome.events) {
    if (e.kind === 'placed') {
      const g = tableGroupOf(after, after.sockets[e.listener]?.group ?? null);
      if (g !== undefined && lookup !== null) {
        push(`select ${g.id} ${e.cpu} ${lookup.hash} 1`, `sk ${e.listener} ${e.via}`);
      }
      push(`charge ${e.listener}`, 'ok');
    } else if (e.kind === 'cookieSent') {
      // A SYN answered with a cookie created nothing: its choice is not committed.
      const g = tableGroupOf(before, before.sockets[e.listener]?.group ?? null);
      if (g !== undefined && lookup !== null) {
        const via = viaOn(g, e.cpu);
        push(`select ${g.id} ${e.cpu} ${lookup.hash} 0`, `sk ${e.listener} ${via}`);
      }
    } else if (e.kind === 'dropped' && lookup !== null) {
      const g = before.groups.find((o) => o.port === lookup.port);
      if (g?.table == null || e.reason === 'noListener') continue;
      const via = viaOn(g, e.cpu);
      // A dropped SYN created nothing: the kernel does not commit its choice.
      push(
        `select ${g.id} ${e.cpu} ${lookup.hash} 0`,
        e.listener === null ? `drop ${via}` : `sk ${e.listener} ${via}`,
      );
    } else if (e.kind === 'migrated') {
      const g = tableGroupOf(after, after.sockets[e.from]?.group ?? null);
      if (g !== undefined)
        push(choose(g.id, e.from, e.cpu, hashOf(e.conn), e.at), `sk ${e.to} ${e.via}`);
      push(`charge ${e.to}`, 'ok');
      push(`uncharge ${e.from}`, 'ok');
    } else if (e.kind === 'reset') {
      const g = tableGroupOf(after, after.sockets[e.from]?.group ?? null);
      if (g?.table != null) {
        const via = viaOn(g, e.cpu);
        push(choose(g.id, e.from, e.cpu, hashOf(e.conn), e.at), `drop ${via}`);
      }
      push(`uncharge ${e.from}`, 'ok');
    } else if (e.kind === 'ended') {
      push(`uncharge ${e.owner}`, 'ok');
    }
  }
}

/**
 * The driver's command for a migration's choice: at close, a child of the closing
 * listener spread from that listener's own position; at an ACK or timer, a choice that
 * the kernel commits.
 */
function choose(
  group: number,
  from: number,
  cpu: number,
  hash: number,
  at: MigrationPoint,
): string {
  return at === 'close'
    ? `spread ${group} ${from} ${cpu} ${hash}`
    : `select ${group} ${cpu} ${hash} 1`;
}

/** How the table of `g` chooses on `cpu`: from the CPU's row, or by hash when it is empty. */
function viaOn(g: Group, cpu: number): 'row' | 'hash' {
  return (g.table?.rows[cpu]?.length ?? 0) > 0 ? 'row' : 'hash';
}

/** The live SO_REUSERPS group with this id. */
function tableGroupOf(s: State, id: number | null): Group | undefined {
  const g = s.groups.find((o) => o.id === id);
  return g?.table == null ? undefined : g;
}

/** A group's socks[] and rows as the driver prints them. */
function tableOf(g: Group): string {
  const rows = (g.table?.rows ?? []).map(
    (row, cpu) => `${cpu}:${row.join(',')}@${g.table?.cursors[cpu] ?? 0}`,
  );
  return `socks=${g.members.join(',')};rows=${rows.join('|')}`;
}
