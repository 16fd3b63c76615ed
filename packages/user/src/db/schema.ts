import type { ColumnType, Generated } from 'kysely';

export interface UsersTable {
  id: string;
  name: string;
  email: string;
  password_hash: string;
  type: ColumnType<'regular' | 'vip', 'regular' | 'vip' | undefined, 'regular' | 'vip'>;
  created_at: Generated<Date>;
}

export interface SigningKeysTable {
  generation: number;
  kid: string;
  alg: string;
  public_jwk: string;
  private_jwk: string;
  signs_from: ColumnType<Date, Date | string, never>;
  created_at: Generated<Date>;
}

export interface LoginThrottleTable {
  /** `account:<email>` or `client:<address>`. */
  key: string;
  attempts: number;
  blocked_until: ColumnType<Date, Date | string, Date | string>;
  last_attempt: ColumnType<Date, Date | string, Date | string>;
}

export interface UserDatabase {
  users: UsersTable;
  signing_keys: SigningKeysTable;
  login_throttle: LoginThrottleTable;
}
