import { z } from "zod";
import type { BaseKnobs } from "../kit/handle";
import { MAX_PAGE_SIZE } from "./answers";
import type { Schema } from "../../providers/program/schema";

export interface ScpKnobs extends BaseKnobs {
  /** How long every task runs. */
  taskMs: number;
  /** How long after a VM is up before vmtools reports ready. */
  vmtoolsMs: number;
  /** Size of the generated VMA file an export produces. */
  exportBytes: number;
  /**
   * Create and edit tasks end in failure (as do those of any object whose name starts with "fail-").
   * Delete tasks do not, so a failed create can still be cleaned up.
   */
  failTasks: boolean;
  /** Images report the sha256 of their uploaded file (a field no public document has; off: the answer leaves it out, as SCP's may). */
  reportSha256: boolean;
  /** The most an image upload is read at, bytes per second (0: as fast as it comes), as over a slow link. */
  uploadBytesPerSec: number;
  /** Page size of a list when the request names none. */
  pageSize: number;
  /** The most a page holds whatever the request asks (at most 100, as the SDK asks): small values put objects past page one. */
  maxPageSize: number;
}

export const DEFAULT_SCP_KNOBS: ScpKnobs = { latencyMs: 0, taskMs: 150, vmtoolsMs: 100, exportBytes: 256 * 1024, failTasks: false, reportSha256: true, uploadBytesPerSec: 0, pageSize: 20, maxPageSize: MAX_PAGE_SIZE };

export const scpKnobSchema: Schema<unknown, Partial<ScpKnobs>> = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000),
    taskMs: z.number().int().min(0).max(600_000),
    vmtoolsMs: z.number().int().min(0).max(600_000),
    exportBytes: z.number().int().min(0).max(512 * 1024 * 1024),
    failTasks: z.boolean(),
    reportSha256: z.boolean(),
    uploadBytesPerSec: z.number().int().min(0),
    pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE),
    maxPageSize: z.number().int().min(1).max(MAX_PAGE_SIZE),
  })
  .partial()
  .strict();
