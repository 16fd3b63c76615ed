/** Who signs tokens and for whom: every verifier checks both. */
export const TOKEN_ISSUER = 'shop-user';
export const TOKEN_AUDIENCE = 'shop';
export const JWKS_PATH = '/.well-known/jwks.json';
/** The longest a token may live (exp − iat); a longer one was not issued by us and is refused. */
export const MAX_TOKEN_LIFETIME_SECONDS = 86_400;
/** How far apart the clocks of the signer and a verifier may be. */
export const CLOCK_TOLERANCE_SECONDS = 30;
