import type { Selectable } from 'kysely';
import type { UsersTable } from '../db/schema.js';

/** A user as every response shows it: never the password hash. */
export interface User {
  id: string;
  name: string;
  email: string;
  type: 'regular' | 'vip';
  createdAt: string;
}

export const userColumns = ['id', 'name', 'email', 'type', 'created_at'] as const;

export function toUser(row: Pick<Selectable<UsersTable>, (typeof userColumns)[number]>): User {
  return { id: row.id, name: row.name, email: row.email, type: row.type, createdAt: new Date(row.created_at).toISOString() };
}
