import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 64;
const R = 8;
const P = 1;

function derive(password: string, salt: Buffer, logN: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** logN, r: R, p: P, maxmem: 256 * 2 ** logN * R };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`: the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string, logN: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, logN);
  return ['scrypt', logN, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || Number(r) !== R || Number(p) !== P || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(logN));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * The scrypt work of verifying a wrong password, against nothing: an unknown email then costs the same
 * as a wrong password, so response time does not tell which emails are registered. No dummy hash is
 * made up front (that cost one scrypt before the service could report ready): the comparison it
 * would feed is negligible next to the derivation.
 */
export async function dummyVerify(password: string, logN: number): Promise<false> {
  await derive(password, randomBytes(16), logN);
  return false;
}
