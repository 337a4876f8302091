import type { SockId, State } from '../model';
import { hasRoom } from '../properties';

/**
 * The listeners the kernel's keyed flow hash may pick when it places a connection on
 * `listener`: the members of its group with room, in state `s`. A vector can name only
 * this set, as the hash key is a boot-time secret.
 */
export function hashCandidates(s: State, listener: SockId): SockId[] {
  const g = s.groups.find((o) => o.members.includes(listener));
  return (g?.members ?? []).filter((id) => {
    const k = s.sockets[id];
    return k !== undefined && hasRoom(k);
  });
}
