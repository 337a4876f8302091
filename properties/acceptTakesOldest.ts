import type { Property } from './Property';

/**
 * acceptTakesOldest: `accept()` returns the oldest child of the listener's accept queue and
 * leaves the others in their order (`inet_csk_accept` takes `rskq_accept_head`). Judged
 * from the action and the states alone: the one connection that went from queued to
 * accepted is the head of the queue before, and the queue after is the rest of it.
 */
export const acceptTakesOldest: Property = {
  name: 'acceptTakesOldest',
  prose:
    "accept() returns the oldest child of the listener's accept queue and leaves the others in their order.",
  step({ before, action, outcome, after }) {
    if (action.type !== 'listenerAccept' || !outcome.ok) return null;
    const queue = before.sockets[action.sock]?.acceptQueue ?? [];
    const taken = after.conns
      .filter((c) => c.phase === 'accepted')
      .filter((c) => before.conns.find((b) => b.id === c.id)?.phase === 'queued')
      .map((c) => c.id);
    if (taken.length !== 1 || taken[0] !== queue[0]) {
      return `accept on socket ${action.sock} took [${taken.join()}], not the oldest of [${queue.join()}]`;
    }
    const left = after.sockets[action.sock]?.acceptQueue ?? [];
    return left.join() === queue.slice(1).join()
      ? null
      : `accept on socket ${action.sock} left [${left.join()}], not [${queue.slice(1).join()}]`;
  },
};
