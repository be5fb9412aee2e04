// Background work of the measures module; see sweeps.ts for the rules every sweep follows.
import type { Sweep } from './sweeps.ts';

export const measureSweeps: Sweep[] = [];
