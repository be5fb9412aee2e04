// Background work of the interop module; see sweeps.ts for the rules every sweep follows.
import type { Sweep } from './sweeps.ts';

export const interopSweeps: Sweep[] = [];
