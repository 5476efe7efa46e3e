import { z } from "zod";
import type { BaseKnobs } from "../kit/server";
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../kit/server";
import { auditSecrets } from "../../harness/audit-trail";

export interface NsxKnobs extends BaseKnobs {
  /** Map entries per page before a `cursor` is returned. */
  pageSize: number;
}

const nsxKnobSchema: z.ZodType<Partial<NsxKnobs>> = z.object({ latencyMs: z.number().int().min(0).max(120_000), pageSize: z.number().int().min(1) }).partial().strict();

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
}

export const NSX_DEFAULT_CREDENTIALS = { username: "admin", password: "emulator-nsx-password" } as const;

const error = (httpStatus: string, code: number, message: string) => ({ httpStatus, error_code: code, module_name: "migration", error_message: message });

/** NSX-T Migration Coordinator: the VM-group execution-details lookup with cursor paging. */
export async function startNsxEmulator(opts: EmulatorOptions & { username?: string; password?: string; knobs?: Partial<NsxKnobs> } = {}): Promise<NsxEmulator> {
  const credentials = { username: opts.username ?? NSX_DEFAULT_CREDENTIALS.username, password: opts.password ?? NSX_DEFAULT_CREDENTIALS.password };
  auditSecrets(credentials.password);
  const groups = new Map<string, NsxGroup>();
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
  const base = await startEmulator<NsxKnobs>(
    {
      knobs: { latencyMs: 0, pageSize: 2, ...nsxKnobSchema.parse(opts.knobs ?? {}) },
      knobSchema: nsxKnobSchema,
      inventory: () => Object.fromEntries(groups),
      routes: (app, ctx) => {
        app.get("/api/v1/migration/vmgroup/actions/get_vm_group_execution_details", async (request, reply) => {
          if (request.headers.authorization !== expected) return reply.code(403).send(error("FORBIDDEN", 403, "The credentials were incorrect or the account specified has been locked."));
          const q = request.query as Record<string, string | undefined>;
          if (!q.group_id) return reply.code(400).send(error("BAD_REQUEST", 400, "Field level validation errors: {required property group_id is missing}"));
          const group = groups.get(`${q.group_id}|${q.federation_site_id ?? ""}`);
          if (!group) return reply.code(404).send(error("NOT_FOUND", 404, `VM group ${q.group_id} was not found.`));
          const start = q.cursor ? Number(q.cursor) : 0;
          if (!Number.isInteger(start) || start < 0 || start > group.map.length) return reply.code(400).send(error("BAD_REQUEST", 400, "Invalid cursor."));
          const size = ctx.knobs().pageSize;
          const page = group.map.slice(start, start + size);
          const next = start + size < group.map.length ? String(start + size) : undefined;
          return {
            ...(next ? { cursor: next } : {}),
            result_count: group.map.length,
            failed_vm_instance_ids: group.failedVmInstanceIds,
            logical_switch_id_to_vm_instance_id_and_vnics_map: page,
          };
        });
      },
    },
    opts,
  );
  return {
    ...base,
    credentials,
    stackConfig: () => ({ "nsx:url": base.url, "nsx:username": credentials.username, "nsx:password": credentials.password, ...(base.caCert ? { "nsx:caCert": base.caCert } : {}) }),
    seedGroup: (id, group, site) => void groups.set(`${id}|${site ?? ""}`, group),
  };
}
