import type { Property } from './Property';

/**
 * onlyOneUid: all live sockets bound to one port (of one transport) belong to one uid, so
 * no other user can join a group or take its connections.
 */
export const onlyOneUid: Property = {
  name: 'onlyOneUid',
  prose: 'All live sockets bound to one port belong to one uid: no other user can join a group.',
  state(s) {
    const owner = new Map<string, number>();
    for (const sock of s.sockets) {
      if (sock.phase === 'closed' || sock.port === null) continue;
      const key = `${sock.proto}/${sock.port}`;
      const uid = owner.get(key);
      if (uid === undefined) owner.set(key, sock.uid);
      else if (uid !== sock.uid) return `port ${key}: uids ${uid} and ${sock.uid}`;
    }
    return null;
  },
};
