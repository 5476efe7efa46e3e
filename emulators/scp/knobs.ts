import { z } from "zod";
import type { BaseKnobs } from "../kit/server";

export interface ScpKnobs extends BaseKnobs {
  /** How long every task runs. */
  taskMs: number;
  /** How long after a VM is up before vmtools reports ready. */
  vmtoolsMs: number;
  /** Size of the generated VMA file an export produces. */
  exportBytes: number;
  /** Every task ends in failure (also any object whose name starts with "fail-"). */
  failTasks: boolean;
}

export const DEFAULT_SCP_KNOBS: ScpKnobs = { latencyMs: 0, taskMs: 150, vmtoolsMs: 100, exportBytes: 256 * 1024, failTasks: false };

export const scpKnobSchema: z.ZodType<Partial<ScpKnobs>> = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000),
    taskMs: z.number().int().min(0).max(600_000),
    vmtoolsMs: z.number().int().min(0).max(600_000),
    exportBytes: z.number().int().min(0).max(512 * 1024 * 1024),
    failTasks: z.boolean(),
  })
  .partial()
  .strict();
