import { z } from "zod";
import type { BaseKnobs } from "../kit/handle";
import { isTimeZone } from "../../providers/sdp/contract-month";
import { CONTRACT_TIME_ZONE } from "./contracts";
import type { Schema } from "../../providers/program/schema";

export interface SdpKnobs extends BaseKnobs {
  /** How long a new server stays in BUILD. */
  buildMs: number;
  /** How long a deleted server stays visible (status DELETED) before GET answers 404. */
  deleteMs: number;
  /** Builds end in ERROR (also for any server whose name starts with "error-"). */
  failBuilds: boolean;
  tokenTtlMs: number;
  /** How long after registration a vCenter's metering fields appear. */
  meteringMs: number;
  /** The IANA time zone contract months are counted in (SDP is operated in Japan). */
  timeZone: string;
  /** How long an add-license-to-vm job runs before get-result answers it ended (0: at once, as eclcloud's fixture answers COMPLETED). */
  jobMs?: number;
  /** add-license-to-vm jobs accepted while set end FAILED (also for any vm_name starting with "fail-"). */
  failJobs?: boolean;
  /** Job ids get-result answers 404 for, as if SDP no longer kept their results (how long it keeps one is in no source). */
  forgottenJobs?: string[];
  /** A `message` get-result reports for a job, by job id (an out-of-band note; no source shows one on an ended job). */
  jobMessages?: Record<string, string>;
}

export const DEFAULT_SDP_KNOBS: SdpKnobs = { latencyMs: 0, buildMs: 1_000, deleteMs: 200, failBuilds: false, tokenTtlMs: 3_600_000, meteringMs: 0, timeZone: CONTRACT_TIME_ZONE };

export const sdpKnobSchema: Schema<unknown, Partial<SdpKnobs>> = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000),
    buildMs: z.number().int().min(0).max(3_600_000),
    deleteMs: z.number().int().min(0).max(600_000),
    failBuilds: z.boolean(),
    tokenTtlMs: z.number().int().min(1),
    meteringMs: z.number().int().min(0),
    timeZone: z.string().refine(isTimeZone, { message: "must be an IANA time zone such as Asia/Tokyo" }),
    jobMs: z.number().int().min(0).max(3_600_000),
    failJobs: z.boolean(),
    forgottenJobs: z.array(z.string()),
    jobMessages: z.record(z.string(), z.string()),
  })
  .partial()
  .strict();
