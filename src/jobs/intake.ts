// Background work of the intake module; see sweeps.ts for the rules every sweep follows.
import type { Sweep } from './sweeps.ts';

export const intakeSweeps: Sweep[] = [];
