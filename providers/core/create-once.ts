import { TransportError, VendorApiError } from "./errors";
import type { OperationContext } from "./provider";

const UNCERTAIN_STATUSES = new Set([502, 503, 504, 520]);

/** True when a create may or may not have landed: no answer at all, or a gateway error. */
export function isUncertain(error: unknown): boolean {
  return error instanceof TransportError || (error instanceof VendorApiError && UNCERTAIN_STATUSES.has(error.status));
}

/**
 * Sends a non-idempotent create at most once in effect: after an uncertain failure, `lookup`
 * (by the object's natural key) decides — found means the first attempt landed and is taken,
 * absent means it is safe to send again.
 */
export async function createOnce<T>(what: string, ctx: OperationContext, send: () => Promise<T>, lookup: () => Promise<T | undefined>, maxAttempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!isUncertain(error) || attempt >= maxAttempts) throw error;
      const landed = await lookup();
      if (landed !== undefined) {
        ctx.log(`the answer to the ${what} was lost, but it landed`);
        return landed;
      }
      ctx.log(`the ${what} did not land (${(error as Error).message}); sending it again`);
      await ctx.deadline.sleep(500 * attempt);
    }
  }
}
