/**
 * Deliberately broken variants of the model, each a one-place edit of its source, and the
 * property meant to catch it. The suite loads each one (see `loadMutant`) and must find a
 * counterexample; a mutant that survives fails the tests. The edit must match the model's
 * source exactly once, so a change to the model that moves the code fails loudly too.
 */
export interface Mutant {
  /** A short name, used in reports and file names. */
  readonly name: string;
  /** What is broken, in words. */
  readonly description: string;
  /** The file in model/ that is edited. */
  readonly file: string;
  /** The text replaced (it must occur exactly once). */
  readonly find: string;
  /** What replaces it. */
  readonly replace: string;
  /** The property that must catch it. */
  readonly killedBy: string;
}

/** Every mutant, at least one per property. */
export const MUTANTS: readonly Mutant[] = [
  {
    name: 'staleRowEntry',
    description: 'a listener that leaves is not taken out of its rows',
    file: 'table.ts',
    find: 'rows[cpu] = [...row.slice(0, at), ...row.slice(at + 1)];',
    replace: 'rows[cpu] = mask.length === 0 ? row : [...row.slice(0, at), ...row.slice(at + 1)];',
    killedBy: 'rowsAreDense',
  },
  {
    name: 'swapWithLast',
    description: "removal fills the hole with the row's last listener, as Linux's socks[] does",
    file: 'table.ts',
    find: 'rows[cpu] = [...row.slice(0, at), ...row.slice(at + 1)];',
    replace:
      'rows[cpu] = at === row.length - 1 ? row.slice(0, -1) : [...row.slice(0, at), row[row.length - 1] as SockId, ...row.slice(at + 1, -1)];',
    killedBy: 'rowsKeepRegistrationOrder',
  },
  {
    name: 'updateKeepsOldRows',
    description: 'an in-place update adds new rows but never leaves the rows of CPUs it dropped',
    file: 'table.ts',
    find: '} else if (!wanted && at >= 0) {',
    replace: '} else if (!wanted && at >= 0 && mask.length === 0) {',
    killedBy: 'rowsMatchMasks',
  },
  {
    name: 'dropMovesCursor',
    description:
      'a SYN that its listener then drops (full queue) moves the cursor, as a lookup that commits at once would',
    file: 'synArrive.ts',
    find: 'let st = found.looked;',
    replace: 'let st = found.commit(found.looked);',
    killedBy: 'roundRobinIsFair',
  },
  {
    name: 'closeNotSpread',
    description:
      "a closing listener's children of one CPU all go to the listener at its row's cursor",
    file: 'stopListening.ts',
    find: 'spread = moved.spread ?? spread;',
    replace: 'spread = spread;',
    killedBy: 'closeSpreadsChildren',
  },
  {
    name: 'ackMigratesIntoFullQueue',
    description:
      'an ACK migrates a request of a closed listener into a full accept queue, then drops',
    file: 'ackArrive.ts',
    find: 'if (to !== null && to.acceptQueue.length > to.backlog) {',
    replace: 'if (to !== null && to.acceptQueue.length > to.backlog && to.id < 0) {',
    killedBy: 'droppedAckKeepsRequest',
  },
  {
    name: 'cursorNotCompacted',
    description: 'compaction leaves the cursor where it was',
    file: 'table.ts',
    find: 'cursors[cpu] = cursorAfterRemoval(cursors[cpu] ?? 0, at, row.length - 1);',
    replace: 'void cursorAfterRemoval;',
    killedBy: 'cursorInRange',
  },
  {
    name: 'cursorStuck',
    description: 'round-robin does not move the cursor past the listener it chose',
    file: 'chooseListener.ts',
    find: 'cursors[cpu] = (at + 1) % row.length;',
    replace: 'cursors[cpu] = at;',
    killedBy: 'roundRobinIsFair',
  },
  {
    name: 'fillLastFirst',
    description: 'fill-first takes the last listener of the row with room',
    file: 'chooseListener.ts',
    find: 'const first = row.find(',
    replace: 'const first = row.findLast(',
    killedBy: 'fillFirstFillsInOrder',
  },
  {
    name: 'limitInclusive',
    description: 'a limit is compared with <= instead of <',
    file: 'chooseListener.ts',
    find: 'return limit === 0 || sock.count < limit;',
    replace: 'return limit === 0 || sock.count <= limit;',
    killedBy: 'loadIsBounded',
  },
  {
    name: 'expiryKeepsCount',
    description: 'an expired request does not lower its listener’s count',
    file: 'requestExpire.ts',
    find: '{ count: owner.count - 1 }',
    replace: '{ count: owner.count }',
    killedBy: 'countsMatchConnections',
  },
  {
    name: 'spillWhenFull',
    description: 'a SYN whose row is full up spills to hash selection over the group',
    file: 'chooseListener.ts',
    find: 'if (row.length === 0) return byHash(s, g, hash, belowLimit);',
    replace:
      'if (row.length === 0 || !row.some((id) => belowLimit(sockOf(s, id)))) return byHash(s, g, hash, belowLimit);',
    killedBy: 'connectionIsLocal',
  },
  {
    name: 'requestsNotMigrated',
    description: 'the ACK of a request whose listener stopped completes into the stopped listener',
    file: 'ackArrive.ts',
    find: "if (sockOf(st, c.owner).phase !== 'listening') {",
    replace: 'if (st !== st) {',
    killedBy: 'noOrphanedRequest',
  },
  {
    name: 'overflowStillCreates',
    description: 'a SYN dropped by a full queue is counted as dropped but still creates a request',
    file: 'synArrive.ts',
    find: 'if (full !== null) {',
    replace: "if (full !== null) st = bump(st, 'overflows');\n  if (full === 'never') {",
    killedBy: 'everySynHasOneOutcome',
  },
  {
    name: 'closeResets',
    description: 'closing a listener resets its accept queue instead of migrating it',
    file: 'migrateConn.ts',
    find: 'view !== undefined && (view.table !== null || s.migrateReq)',
    replace: "view !== undefined && at !== 'close' && (view.table !== null || s.migrateReq)",
    killedBy: 'nothingLostOnClose',
  },
  {
    name: 'uidNotChecked',
    description: 'bind lets another uid share a SO_REUSEPORT port',
    file: 'socketBind.ts',
    find: '!(sock.reuseport && o.reuseport && sock.uid === o.uid)',
    replace: '!(sock.reuseport && o.reuseport)',
    killedBy: 'onlyOneUid',
  },
  {
    name: 'hashDrifts',
    description: 'hash selection depends on a counter that outlives the run',
    file: 'chooseListener.ts',
    find: 'const start = reciprocalScale(hash, n);',
    replace:
      'const start = (reciprocalScale(hash, n) + (((globalThis as any).__drift = ((globalThis as any).__drift ?? 0) + 1) as number)) % n;',
    killedBy: 'replayIsDeterministic',
  },
  {
    name: 'cookieSynCounts',
    description: 'a SYN answered with a cookie is counted against its listener',
    file: 'synArrive.ts',
    find: 'st = withState(st, { cookies: [...st.cookies, cookie], nextConn: st.nextConn + 1 });',
    replace:
      'st = patchSocket(withState(st, { cookies: [...st.cookies, cookie], nextConn: st.nextConn + 1 }), l.id, { count: l.count + 1 });',
    killedBy: 'countsMatchConnections',
  },
  {
    name: 'cookieSynMovesCursor',
    description: 'a SYN answered with a cookie moves the row cursor, though it creates nothing',
    file: 'synArrive.ts',
    find: 'const cookie = { id: st.nextConn, port: a.port, hash: a.hash };',
    replace:
      'st = found.commit(st);\n    const cookie = { id: st.nextConn, port: a.port, hash: a.hash };',
    killedBy: 'cookieCountsFromItsAck',
  },
  {
    name: 'cookieAckNotCounted',
    description: "the child a cookie's ACK makes is not counted",
    file: 'cookieAckArrive.ts',
    find: 'count: l.count + 1, acceptQueue',
    replace: 'count: l.count, acceptQueue',
    killedBy: 'countsMatchConnections',
  },
  {
    name: 'progOnReuserps',
    description: 'a program may be attached to a SO_REUSERPS socket that does not listen',
    file: 'socketAttachProg.ts',
    find: "if (sock.rps !== null) return fail(s, 'EBUSY');",
    replace: "if (sock.rps !== null && sock.phase === 'listening') return fail(s, 'EBUSY');",
    killedBy: 'progExcludesReuserps',
  },
  {
    name: 'reuserpsAfterProg',
    description: 'SO_REUSERPS may be set on a socket that attached a program',
    file: 'socketSetReuserps.ts',
    find: "if (sock.prog || groupOf(s, sock.group)?.prog === true) return fail(s, 'EBUSY');",
    replace: "if (groupOf(s, sock.group)?.prog === true) return fail(s, 'EBUSY');",
    killedBy: 'progExcludesReuserps',
  },
  {
    name: 'rrResumesAtRowStart',
    description:
      'round-robin moves the cursor past where the search started, not past the listener it chose',
    file: 'chooseListener.ts',
    find: 'cursors[cpu] = (at + 1) % row.length;',
    replace: 'cursors[cpu] = (start + 1) % row.length;',
    killedBy: 'roundRobinResumesAfterChoice',
  },
  {
    name: 'migrateBySynCpu',
    description:
      "a request whose listener closed migrates at its ACK by its SYN's CPU, not the ACK's",
    file: 'ackArrive.ts',
    find: "const moved = migrateConn(st, c, a.cpu, 'ack');",
    replace: "const moved = migrateConn(st, c, c.cpu, 'ack');",
    killedBy: 'choiceIsLocal',
  },
  {
    name: 'acceptTakesNewest',
    description: 'accept() takes the newest child of the queue instead of the oldest',
    file: 'listenerAccept.ts',
    find: 'const [head, ...rest] = sock.acceptQueue;',
    replace: 'const [head, ...rest] = [...sock.acceptQueue].reverse();',
    killedBy: 'acceptTakesOldest',
  },
  {
    name: 'rrLimitedLeastLoaded',
    description:
      'in a round-robin row with a limit, the choice starts at the listener that owns the fewest connections instead of at the cursor',
    file: 'chooseListener.ts',
    find: 'const start = t.cursors[cpu] ?? 0;',
    replace:
      'const start = row.some((id) => (sockOf(s, id).rps?.limit ?? 0) > 0) ? row.reduce((b, id, i) => (sockOf(s, id).count < sockOf(s, row[b] as SockId).count ? i : b), 0) : (t.cursors[cpu] ?? 0);',
    killedBy: 'roundRobinIsFair',
  },
  {
    name: 'synQueueMisreported',
    description:
      'a SYN dropped at a full request queue is reported as dropped at a full accept queue',
    file: 'synArrive.ts',
    find: "? 'synQueueFull'",
    replace: "? 'acceptQueueFull'",
    killedBy: 'outcomeMatchesStates',
  },
];
