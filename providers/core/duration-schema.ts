import { z } from "zod";
import { DURATION_PATTERN, parseDuration, type Timeouts } from "./duration";

export const durationSchema = z
  .string()
  .regex(DURATION_PATTERN, { message: 'must be a duration such as "30s", "45m" or "1h30m"' })
  .refine((text) => !DURATION_PATTERN.test(text) || parseDuration(text) > 0, { message: "must be longer than zero" });

export const timeoutsSchema: z.ZodType<Timeouts, Timeouts> = z
  .object({ create: durationSchema.optional(), read: durationSchema.optional(), update: durationSchema.optional(), delete: durationSchema.optional() })
  .strict();
