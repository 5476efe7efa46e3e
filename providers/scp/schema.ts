import { z } from "zod";
import { timeoutsSchema } from "../core/duration";

export const scpConnectionSchema = z
  .object({
    url: z.string().regex(/^https?:\/\/[^/]+/, { message: "must be an http(s) URL" }).optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(4, { message: "must be at least 4 characters" }).optional(),
    accessKey: z.string().min(1).optional(),
    secretKey: z.string().min(8, { message: "must be at least 8 characters" }).optional(),
    region: z.string().min(1).optional(),
    caCert: z.string().min(1).optional(),
    insecure: z.boolean().optional(),
  })
  .strict();

export const common = { timeouts: timeoutsSchema.optional(), connection: scpConnectionSchema.optional() };

/** SCP's `{code | errcode, message, data}` envelope (erelbi/sangfor-scp `sangfor_scp/client.py` `_handle_response`). */
export const envelope = <T extends z.ZodType>(data: T) => z.looseObject({ data });
