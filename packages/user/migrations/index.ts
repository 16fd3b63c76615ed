import type { Migration } from '@shop/kit';
import users from './001_users.js';
import signingKeys from './002_signing_keys.js';
import loginThrottle from './003_login_throttle.js';

export const migrations: Migration[] = [
  { name: '001_users', sql: users },
  { name: '002_signing_keys', sql: signingKeys },
  { name: '003_login_throttle', sql: loginThrottle },
];
