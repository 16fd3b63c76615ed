import { z } from 'zod';

/** Variables only the order service reads (the kit validates the common ones, and these with them). */
export const orderSettings = z.object({
  /** How often recovery looks for orders a crash left PENDING. */
  ORDER_RECOVERY_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** How old a PENDING order must be before recovery touches it: longer than any create can take. */
  ORDER_RECOVERY_GRACE_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** How long a duplicate request (same idempotency key) waits for the first one's outcome. */
  ORDER_DUPLICATE_WAIT_MS: z.coerce.number().int().min(0).max(120_000).default(20_000),
  /**
   * TEST HOOK ONLY, never set in a deployment: kills the process (SIGKILL, like a lost pod) at that point of
   * order placement, right before product.reserve is sent or right after it succeeded, to test recovery.
   */
  ORDER_TEST_CRASH: z.enum(['before-reserve', 'after-reserve']).optional(),
});

export interface OrderSettings {
  recoveryIntervalMs: number;
  recoveryGraceMs: number;
  duplicateWaitMs: number;
  crashPoint: 'before-reserve' | 'after-reserve' | undefined;
}

/** The parsed variables as the order code uses them. */
export function toOrderSettings(parsed: z.output<typeof orderSettings>): OrderSettings {
  return {
    recoveryIntervalMs: parsed.ORDER_RECOVERY_INTERVAL_MS,
    recoveryGraceMs: parsed.ORDER_RECOVERY_GRACE_MS,
    duplicateWaitMs: parsed.ORDER_DUPLICATE_WAIT_MS,
    crashPoint: parsed.ORDER_TEST_CRASH,
  };
}
