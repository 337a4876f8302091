import type { Counters } from '../model';
import type { Property } from './Property';

/**
 * everySynHasOneOutcome: a SYN has exactly one outcome. Either it creates one request,
 * owned and counted by one listener, or it is dropped for one reason and raises exactly
 * that reason's counter, or (SYN cookies) it is answered with one cookie that creates and
 * counts nothing; never two of these, never none.
 */
export const everySynHasOneOutcome: Property = {
  name: 'everySynHasOneOutcome',
  prose:
    'A SYN either creates exactly one request, counted by exactly one listener, or is dropped for exactly one counted reason, or is answered with one SYN cookie that creates and counts nothing; never two, never none.',
  step({ before, action, outcome, after }) {
    if (action.type !== 'synArrive') return null;
    if (!outcome.ok) return `a SYN failed with ${outcome.errno}`;
    const created = after.conns.filter((c) => !before.conns.some((o) => o.id === c.id));
    const raised = (['limitDrops', 'overflows', 'noListener'] as (keyof Counters)[]).filter(
      (k) => after.counters[k] !== before.counters[k],
    );
    const rise = after.sockets.reduce(
      (n, sk) => n + sk.count - (before.sockets[sk.id]?.count ?? 0),
      0,
    );
    const cookies = after.cookies.length - before.cookies.length;
    const [e, ...more] = outcome.events;
    if (e === undefined || more.length > 0) return `${outcome.events.length} outcomes`;
    if (cookies !== (e.kind === 'cookieSent' ? 1 : 0)) return `${e.kind} with ${cookies} cookies`;
    if (e.kind === 'cookieSent') {
      if (!before.syncookies) return 'a cookie without SYN cookies';
      if (created.length !== 0 || raised.length !== 0 || rise !== 0) {
        return `a cookie, but ${created.length} created, counters [${raised.join()}], counts +${rise}`;
      }
      return null;
    }
    if (e.kind === 'placed') {
      const [c] = created;
      if (created.length !== 1 || c?.owner !== e.listener || c.phase !== 'request') {
        return `placed with ${created.length} new connections`;
      }
      if (raised.length !== 0 || rise !== 1)
        return `placed, but counters [${raised.join()}] and counts +${rise}`;
      return null;
    }
    if (e.kind !== 'dropped') return `outcome ${e.kind}`;
    const counter =
      e.reason === 'limit' ? 'limitDrops' : e.reason === 'noListener' ? 'noListener' : 'overflows';
    if (created.length !== 0 || rise !== 0)
      return `dropped (${e.reason}) but ${created.length} created`;
    if (raised.join() !== counter || after.counters[counter] !== before.counters[counter] + 1) {
      return `dropped (${e.reason}) but counters [${raised.join()}] rose`;
    }
    return null;
  },
};
