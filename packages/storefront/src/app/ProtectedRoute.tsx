import { useEffect, type ReactNode } from 'react';
import { navigate } from './routing.js';
import { session, tokenExpiry, useSession } from './session.js';

/** A page for a logged-in user: anyone else (or an expired token) goes to log in and comes back after. */
export function ProtectedRoute({ children }: { children: ReactNode }) {
  const current = useSession();
  const exp = current ? tokenExpiry(current.token) : undefined;
  const expired = exp !== undefined && exp * 1000 <= Date.now();
  useEffect(() => {
    if (current && !expired) return;
    if (expired) session.end();
    const here = `${location.pathname}${location.search}`;
    navigate(`/login?${expired ? 'expired=1&' : ''}next=${encodeURIComponent(here)}`, { replace: true });
  }, [current, expired]);
  return current && !expired ? children : null;
}
