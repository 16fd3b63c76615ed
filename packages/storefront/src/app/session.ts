// Who is logged in: the token in memory and in sessionStorage (a reload keeps it; closing the tab ends it).
import { useSyncExternalStore } from 'react';
import type { User } from './api/shop-router.js';

export interface Session {
  token: string;
  user: User;
}

const KEY = 'shop.session';
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

let current: Session | null = read();

function publish(next: Session | null): void {
  current = next;
  if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

export const session = {
  get: (): Session | null => current,
  token: (): string | undefined => current?.token,
  start: (next: Session) => publish(next),
  end: () => publish(null),
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Seconds since the epoch at which a JWT expires (its `exp`), or undefined when unreadable. */
export function tokenExpiry(token: string): number | undefined {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

export function useSession(): Session | null {
  return useSyncExternalStore(session.subscribe, session.get);
}
