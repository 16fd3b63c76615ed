import type { Migration } from '@shop/kit';
import users from './001_users.js';
import signingKeys from './002_signing_keys.js';

export const migrations: Migration[] = [
  { name: '001_users', sql: users },
  { name: '002_signing_keys', sql: signingKeys },
];
