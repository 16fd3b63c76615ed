/** Who signs tokens and for whom: every verifier checks both. */
export const TOKEN_ISSUER = 'shop-user';
export const TOKEN_AUDIENCE = 'shop';
export const JWKS_PATH = '/.well-known/jwks.json';
