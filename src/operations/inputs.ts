// Input shapes several operations share.
import { z } from 'zod';
import { bi, note, reason } from '../domain/fields.ts';
import { SATISFACTIONS } from '../domain/types.ts';

/** An optional note (备注); the body itself may be left out. */
export const NoteInput = z.strictObject({ note }).default({ note: null });
/** A reason the step needs (退单, 撤回, 重办). */
export const ReasonInput = z.strictObject({ reason });
/** A note the step needs (督办, 挂牌, 摘牌). */
export const RequiredNoteInput = z.strictObject({ note: reason });

export const satisfaction = z.enum(SATISFACTIONS, bi('满意度须为 satisfied（满意）、basically_satisfied（基本满意）或 unsatisfied（不满意）', 'Satisfaction must be satisfied, basically_satisfied or unsatisfied'));
