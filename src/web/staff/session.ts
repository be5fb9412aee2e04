import { createContext, useContext } from 'react';
import type { SessionUser } from '../shared/api.ts';

export interface SessionCtx {
  user: SessionUser;
  logout(): void;
}
export const Session = createContext<SessionCtx | null>(null);

/** The logged-in staff user (inside the workbench layout). */
export function useSession(): SessionCtx {
  const s = useContext(Session);
  if (!s) throw new Error('no session');
  return s;
}
