import type { AuthUser } from '../trpc/context.js';

/**
 * Tokens already verified, kept until they expire: a signature check costs more CPU than a small call,
 * and a shopper sends the same token with every request. Bounded; the oldest entry goes first.
 */
export class VerifiedTokens {
  readonly #entries = new Map<string, { user: AuthUser; expiresAtMs: number }>();

  constructor(private readonly maxEntries = 10_000) {}

  get(token: string, nowMs = Date.now()): AuthUser | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry.user;
  }

  set(token: string, user: AuthUser, expiresAtMs: number): void {
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(token, { user, expiresAtMs });
  }
}
