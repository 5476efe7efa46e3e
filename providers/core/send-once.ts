import { DeadlineExceededError, Deadline } from "./deadline";
import { ResourceInitFailedError, TransportError, VendorApiError } from "./errors";
import type { OperationContext } from "./provider";

const UNCERTAIN_STATUSES = new Set([502, 503, 504, 520]);

/** How long, after the deadline, to look for a change whose answer came too late. */
export const LATE_LOOKUP_MS = 15_000;

/** True when a request may or may not have landed: no answer at all, or a gateway error. */
export function isUncertain(error: unknown): boolean {
  return error instanceof TransportError || (error instanceof VendorApiError && UNCERTAIN_STATUSES.has(error.status));
}

export interface SendOnce<T> {
  /** e.g. "registration", for log lines and messages. */
  what: string;
  send(): Promise<T>;
  /**
   * What an earlier attempt left behind, found by the object's natural key (or, for a removal,
   * proof that it is gone): a value means the attempt landed and is taken as the answer.
   */
  lookup(ctx: OperationContext): Promise<T | undefined>;
  /**
   * For creates: the id and what is known of the object when the request landed but its answer
   * came after the operation's deadline (found by a last `lookup`); the engine records it as
   * init-failed (over the inputs, see `defineProvider`). Without it, the deadline error stands;
   * the lookup still runs, so it can undo what cannot be recorded.
   */
  landedLate?(value: T): { id: string; properties: Record<string, unknown> };
}

/**
 * Sends a non-idempotent request at most once in effect. After an uncertain failure, `lookup`
 * decides: found means the attempt landed and is taken, absent means it is safe to send again.
 * When the deadline ends the wait, a short grace lookup finds a create that landed anyway, and it is
 * reported as init-failed with its id, so the engine records it instead of leaving an orphan.
 */
export async function sendOnce<T>(ctx: OperationContext, once: SendOnce<T>, maxAttempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once.send();
    } catch (error) {
      if (error instanceof DeadlineExceededError) throw await lateLanding(ctx, once, error);
      if (!isUncertain(error) || attempt >= maxAttempts) throw error;
      const landed = await once.lookup(ctx);
      if (landed !== undefined) {
        ctx.log(`the answer to the ${once.what} was lost, but it landed`);
        return landed;
      }
      ctx.log(`the ${once.what} did not land (${(error as Error).message}); sending it again`);
      await ctx.deadline.sleep(500 * attempt);
    }
  }
}

async function lateLanding<T>(ctx: OperationContext, once: SendOnce<T>, expired: DeadlineExceededError): Promise<Error> {
  const grace: OperationContext = { ...ctx, deadline: new Deadline(`${ctx.deadline.what} (looking for a late ${once.what})`, LATE_LOOKUP_MS) };
  let landed: T | undefined;
  try {
    landed = await once.lookup(grace);
  } catch {
    return expired;
  }
  if (landed === undefined || !once.landedLate) return expired;
  const { id, properties } = once.landedLate(landed);
  ctx.log(`the ${once.what} landed after the deadline as ${id}; recording it`);
  return new ResourceInitFailedError(id, properties, [`${expired.message}; the ${once.what} landed anyway as ${id} and is recorded, so the next \`pulumi up\` continues from it`]);
}
