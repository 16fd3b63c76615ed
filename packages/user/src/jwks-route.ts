import { sendJson, type RouteHandler } from '@shop/kit';
import type { KeyStore } from './keys/key-store.js';

/** `GET /.well-known/jwks.json`: the public keys; short caching so rotations spread within a minute. */
export function jwksRoute(keys: KeyStore): RouteHandler {
  return async (_req, res) => {
    const body = await keys.jwks();
    res.setHeader('cache-control', 'public, max-age=60');
    sendJson(res, 200, body);
  };
}
