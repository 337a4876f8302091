/**
 * The properties of SO_REUSERPS, one file each, in one list shared by the property suite,
 * the trace runner, the explorer and the C differential harness.
 */
import { acceptTakesOldest } from './acceptTakesOldest';
import { choiceIsLocal } from './choiceIsLocal';
import { closeSpreadsChildren } from './closeSpreadsChildren';
import { connectionIsLocal } from './connectionIsLocal';
import { cookieCountsFromItsAck } from './cookieCountsFromItsAck';
import { countsMatchConnections } from './countsMatchConnections';
import { droppedAckKeepsRequest } from './droppedAckKeepsRequest';
import { cursorInRange } from './cursorInRange';
import { everySynHasOneOutcome } from './everySynHasOneOutcome';
import { fillFirstFillsInOrder } from './fillFirstFillsInOrder';
import { loadIsBounded } from './loadIsBounded';
import { noOrphanedRequest } from './noOrphanedRequest';
import { nothingLostOnClose } from './nothingLostOnClose';
import { onlyOneUid } from './onlyOneUid';
import { outcomeMatchesStates } from './outcomeMatchesStates';
import { progExcludesReuserps } from './progExcludesReuserps';
import type { Property } from './Property';
import { replayIsDeterministic } from './replayIsDeterministic';
import { roundRobinIsFair } from './roundRobinIsFair';
import { roundRobinResumesAfterChoice } from './roundRobinResumesAfterChoice';
import { rowsAreDense } from './rowsAreDense';
import { rowsKeepRegistrationOrder } from './rowsKeepRegistrationOrder';
import { rowsMatchMasks } from './rowsMatchMasks';

export { checkRun, type Violation } from './checkRun';
export {
  hasRoom,
  runMonitor,
  type Memory,
  type ModelApi,
  type Monitor,
  type Property,
  type Run,
  type Transition,
} from './Property';

/** Every property, in the order reports list them. */
export const PROPERTIES: readonly Property[] = [
  rowsAreDense,
  rowsKeepRegistrationOrder,
  rowsMatchMasks,
  cursorInRange,
  roundRobinIsFair,
  roundRobinResumesAfterChoice,
  fillFirstFillsInOrder,
  loadIsBounded,
  countsMatchConnections,
  connectionIsLocal,
  choiceIsLocal,
  noOrphanedRequest,
  everySynHasOneOutcome,
  nothingLostOnClose,
  closeSpreadsChildren,
  droppedAckKeepsRequest,
  cookieCountsFromItsAck,
  progExcludesReuserps,
  acceptTakesOldest,
  onlyOneUid,
  outcomeMatchesStates,
  replayIsDeterministic,
];
