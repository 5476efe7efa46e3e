import { z } from "zod";
import type { BaseKnobs } from "../kit/handle";
import type { Schema } from "../../providers/program/schema";

export interface SppKnobs extends BaseKnobs {
  /** Sessions idle longer than this are rejected with 401 (SPP: about 45 minutes). */
  sessionIdleMs: number;
  /** How long an inventory run takes. */
  inventoryMs: number;
  /** Inventory runs end FAILED. */
  inventoryFails: boolean;
  /** Host addresses the emulated SPP cannot reach (400 HypervisorConnectionException); "unreachable.*" too. */
  unreachableHosts: string[];
  /** Hypervisor passwords the emulated vCenter / Hyper-V reject (401). */
  rejectedPasswords: string[];
}

export const DEFAULT_SPP_KNOBS: SppKnobs = {
  latencyMs: 0,
  sessionIdleMs: 45 * 60_000,
  inventoryMs: 300,
  inventoryFails: false,
  unreachableHosts: ["10.0.0.200"],
  rejectedPasswords: ["wrong-password"],
};

export const sppKnobSchema: Schema<unknown, Partial<SppKnobs>> = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000),
    sessionIdleMs: z.number().int().min(0),
    inventoryMs: z.number().int().min(0).max(600_000),
    inventoryFails: z.boolean(),
    unreachableHosts: z.array(z.string()),
    rejectedPasswords: z.array(z.string()),
  })
  .partial()
  .strict();
