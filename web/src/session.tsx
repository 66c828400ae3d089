import { createContext, useContext } from 'react';
import type { Role, User } from './types.ts';

export interface SessionValue {
  user: User;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in app');
  return s;
}

/** Which pages each role sees in the navigation; the API enforces the same rules on its own. */
export const PAGES_BY_ROLE: Record<Role, string[]> = {
  qa_reviewer: ['/queue', '/search', '/calibration'],
  supervisor: ['/cases', '/complaints/new', '/queue', '/search', '/upload', '/attention', '/calibration', '/dashboard'],
  compliance_officer: ['/queue', '/search', '/rules', '/dashboard', '/backtest'],
  admin: ['/admin', '/upload', '/attention', '/backtest'],
};

export function homeOf(role: Role): string {
  return PAGES_BY_ROLE[role][0]!;
}
