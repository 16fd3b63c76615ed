// One idempotency key per checkout attempt: made when the attempt starts, reused by every retry and
// double click (and across a reload), so the order service places one order for it. A changed cart is a
// new attempt; so is the next checkout after an order went through.
import { randomUuid } from './uuid.js';

const KEY = 'shop.checkout-attempt';

export const checkoutAttempt = {
  key(): string {
    let key = sessionStorage.getItem(KEY);
    if (!key) {
      key = randomUuid();
      sessionStorage.setItem(KEY, key);
    }
    return key;
  },
  finish(): void {
    sessionStorage.removeItem(KEY);
  },
};
