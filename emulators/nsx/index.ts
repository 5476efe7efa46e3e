import { z } from "zod";
import type { BaseKnobs } from "../kit/handle";
import type { EmulatorHandle, EmulatorOptions } from "../kit/handle";
import { startEmulator } from "../kit/server";
import { noteSecret } from "../kit/secrets";
import { nsxSeedSchema, type NsxSeed } from "../kit/seed";
import { NSX_ERRORS } from "./errors";
import { zodOf } from "../../providers/program/zod-of";

const COORDINATOR_STATES = ["ready", "busy", "failing", "stopped"] as const;

export interface NsxKnobs extends BaseKnobs {
  /** Map entries per page before a `cursor` is returned. */
  pageSize: number;
  /** busy: NSX's 400 "backend is busy"; failing: 500; stopped: 503 (see ./errors). */
  coordinator: (typeof COORDINATOR_STATES)[number];
}

const nsxKnobSchema: z.ZodType<Partial<NsxKnobs>> = z
  .object({ latencyMs: z.number().int().min(0).max(120_000), pageSize: z.number().int().min(1), coordinator: z.enum(COORDINATOR_STATES) })
  .partial()
  .strict();

export interface NsxGroup {
  map: { ls_id: string; vm_and_vnics_mapping: { vm_instance_id: string; vnics: string[] }[] }[];
  failedVmInstanceIds: string[];
}

export interface NsxEmulator extends EmulatorHandle<NsxKnobs> {
  readonly credentials: { username: string; password: string };
  /** The stack config (`<vendor>:url`, credentials, `caCert`) that points the providers here. */
  stackConfig(): Record<string, string>;
  /** Defines a migration VM group's execution details (per federation site, "" for none). */
  seedGroup(groupId: string, group: NsxGroup, federationSiteId?: string): void;
  /** Seeds VM groups (as `POST /_emulator/seed` and the CLI's `--seed` file's `nsx` section do). */
  applySeed(seed: NsxSeed): { groups: string[] };
}

export const NSX_DEFAULT_CREDENTIALS = { username: "admin", password: "emulator-nsx-password" } as const;

const OUTAGE = { failing: [500, NSX_ERRORS.internal], stopped: [503, NSX_ERRORS.unavailable] } as const;

/** NSX-T Migration Coordinator: the VM-group execution-details lookup with cursor paging. */
export async function startNsxEmulator(opts: EmulatorOptions & { username?: string; password?: string; knobs?: Partial<NsxKnobs> } = {}): Promise<NsxEmulator> {
  const credentials = { username: opts.username ?? NSX_DEFAULT_CREDENTIALS.username, password: opts.password ?? NSX_DEFAULT_CREDENTIALS.password };
  noteSecret(credentials.password);
  const groups = new Map<string, NsxGroup>();
  // HTTP Basic on every request (NSX's API guide: "HTTP Basic authentication and session-based
  // authentication"; the seed's l.32-33 lists no other request header).
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
  const base = await startEmulator<NsxKnobs>(
    {
      knobs: { latencyMs: 0, pageSize: 2, coordinator: "ready", ...nsxKnobSchema.parse(opts.knobs ?? {}) },
      knobSchema: nsxKnobSchema,
      inventory: () => Object.fromEntries(groups),
      routes: (app, ctx) => {
        // Seed l.27-31: GET /api/v1/migration/vmgroup/actions/get_vm_group_execution_details.
        app.get("/api/v1/migration/vmgroup/actions/get_vm_group_execution_details", async (request, reply) => {
          if (request.headers.authorization !== expected) return reply.code(403).send(NSX_ERRORS.rejectedCredentials());
          const { coordinator, pageSize } = ctx.knobs();
          if (coordinator === "busy") return reply.code(400).send(NSX_ERRORS.busy());
          if (coordinator !== "ready") return reply.code(OUTAGE[coordinator][0]).send(OUTAGE[coordinator][1]());
          // Seed l.34-35: the query parameters are VmGroupExecutionDetailsSpec {group_id (required),
          // federation_site_id}; `cursor` is NSX's list convention for the ListResult's cursor below.
          const q = request.query as Record<string, string | undefined>;
          if (!q.group_id) return reply.code(400).send(NSX_ERRORS.groupIdMissing());
          const group = groups.get(`${q.group_id}|${q.federation_site_id ?? ""}`);
          if (!group) return reply.code(404).send(NSX_ERRORS.notFound(q.group_id));
          const start = q.cursor ? Number(q.cursor) : 0;
          if (!Number.isInteger(start) || start < 0 || start > group.map.length) return reply.code(400).send(NSX_ERRORS.invalidCursor(String(q.cursor)));
          const next = start + pageSize < group.map.length ? String(start + pageSize) : undefined;
          // Seed l.38-44: 200, application/json, VmGroupExecutionDetails. Its schema (extends
          // ListResult): `cursor`, an opaque string for the next page; `result_count`, "Count of
          // results found (across all pages), set only on first page"; `failed_vm_instance_ids`,
          // optional (seed l.3: "an optional ... list"), left out when every VM was found;
          // `logical_switch_id_to_vm_instance_id_and_vnics_map`: [{ls_id, vm_and_vnics_mapping:
          // [{vm_instance_id, vnics: [string]}]}] (LsIdToVmAndVnicsMapping, VmToVnicsMapping).
          return {
            ...(next ? { cursor: next } : {}),
            ...(start === 0 ? { result_count: group.map.length } : {}),
            ...(group.failedVmInstanceIds.length > 0 ? { failed_vm_instance_ids: group.failedVmInstanceIds } : {}),
            logical_switch_id_to_vm_instance_id_and_vnics_map: group.map.slice(start, start + pageSize),
          };
        });
      },
      control: (app) => {
        app.post("/seed", async (request, reply) => reply.code(201).send(applySeed(zodOf(nsxSeedSchema).parse(request.body))));
      },
    },
    opts,
  );
  function applySeed(s: NsxSeed): { groups: string[] } {
    for (const g of s.groups) groups.set(`${g.groupId}|${g.federationSiteId ?? ""}`, { map: g.map, failedVmInstanceIds: g.failedVmInstanceIds });
    return { groups: s.groups.map((g) => g.groupId) };
  }
  return {
    ...base,
    credentials,
    stackConfig: () => ({ "nsx:url": base.url, "nsx:username": credentials.username, "nsx:password": credentials.password, ...(base.caCert ? { "nsx:caCert": base.caCert } : {}) }),
    seedGroup: (id, group, site) => void groups.set(`${id}|${site ?? ""}`, group),
    applySeed,
  };
}
