// Every operation on a work order, one file each. The HTTP routes (and their OpenAPI entries) of
// the ones people call are made from this list (src/http/routes/operations.ts): a new operation
// is one file and one line here.
import { accept } from './accept.ts';
import { answer } from './answer.ts';
import { assistNote } from './assistNote.ts';
import { callback } from './callback.ts';
import { close } from './close.ts';
import { decideExtension } from './decideExtension.ts';
import { dispatch } from './dispatch.ts';
import { escalate } from './escalate.ts';
import { evaluate } from './evaluate.ts';
import { handOverToPolice } from './handOverToPolice.ts';
import { importHistory } from './importHistory.ts';
import { list } from './list.ts';
import { lowerReplied } from './lowerReplied.ts';
import { lowerReturned } from './lowerReturned.ts';
import { lowerSignedFor } from './lowerSignedFor.ts';
import { merge } from './merge.ts';
import { noteLink } from './noteLink.ts';
import type { Operation } from './operation.ts';
import { rate } from './rate.ts';
import { reassign } from './reassign.ts';
import { recomputeDeadlines } from './recomputeDeadlines.ts';
import { register } from './register.ts';
import { reopen } from './reopen.ts';
import { reply } from './reply.ts';
import { requestExtension } from './requestExtension.ts';
import { requestReopen } from './requestReopen.ts';
import { returnOrder } from './returnOrder.ts';
import { returnUpstream } from './returnUpstream.ts';
import { sendDown } from './sendDown.ts';
import { signFor } from './signFor.ts';
import { supervise } from './supervise.ts';
import { unlist } from './unlist.ts';
import { upperClosed } from './upperClosed.ts';
import { upperRecalled } from './upperRecalled.ts';
import { upperReopened } from './upperReopened.ts';
import { withdraw } from './withdraw.ts';

export const OPERATIONS: readonly Operation[] = [
  // the closed loop, in its order
  accept, answer, register, dispatch, reassign, signFor, sendDown, returnOrder, requestExtension, decideExtension, assistNote,
  reply, callback, reopen, close, evaluate, merge, supervise, list, unlist, withdraw,
  // the resident's own steps (the portal)
  rate, requestReopen,
  // hand-overs out of the centre
  handOverToPolice, returnUpstream,
  // the platform's sweeps
  escalate, recomputeDeadlines,
  // linked platforms
  upperRecalled, upperClosed, upperReopened, lowerSignedFor, lowerReplied, lowerReturned, noteLink,
  // history
  importHistory,
];
