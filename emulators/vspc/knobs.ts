import { z } from "zod";
import type { BaseKnobs } from "../kit/handle";
import type { Schema } from "../../providers/program/schema";

export interface VspcKnobs extends BaseKnobs {
  /** Requests processed at once before 429 (0: no cap). */
  maxParallel: number;
  /** Requests per window before 429 with retryAfter (0: no cap). */
  maxPerWindow: number;
  windowMs: number;
  /** Answer company creates with 202 and an async action. */
  asyncCreates: boolean;
  /** How long an async action runs. */
  asyncMs: number;
  /** Async actions end `failed`. */
  asyncFails: boolean;
  /** Access-token lifetime (VSPC: 1 hour). */
  tokenTtlMs: number;
  /** Refresh-token lifetime. */
  refreshTokenTtlMs: number;
}

export const DEFAULT_VSPC_KNOBS: VspcKnobs = {
  latencyMs: 0,
  maxParallel: 0,
  maxPerWindow: 0,
  windowMs: 1_000,
  asyncCreates: false,
  asyncMs: 200,
  asyncFails: false,
  // "By default, access token expires after 1 hour" (seed line 979).
  tokenTtlMs: 3_600_000,
  // The seed's example refresh token (line 999) carries iat 1583008178 and exp 1583180978: 48 hours.
  refreshTokenTtlMs: 48 * 3_600_000,
};

export const vspcKnobSchema: Schema<unknown, Partial<VspcKnobs>> = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000),
    maxParallel: z.number().int().min(0),
    maxPerWindow: z.number().int().min(0),
    windowMs: z.number().int().min(10),
    asyncCreates: z.boolean(),
    asyncMs: z.number().int().min(0).max(600_000),
    asyncFails: z.boolean(),
    tokenTtlMs: z.number().int().min(1),
    refreshTokenTtlMs: z.number().int().min(1),
  })
  .partial()
  .strict();
