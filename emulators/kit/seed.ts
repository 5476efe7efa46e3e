import { z } from "zod";
import { seen, type SchemaInput, type SchemaOutput } from "../../providers/program/schema";

/**
 * What a user may load into the emulators at start (`backup-infra-emulators --seed <file.json>`)
 * or later over each vendor's control API (`POST <url>/_emulator/seed` with that vendor's section).
 * Each section is the objects the vendor's in-process seed helpers make (e.g. `ScpEmulator.seedServer`);
 * the objects themselves take the shapes the vendor seeds give (see each vendor's state.ts).
 */
const id = z.string().regex(/^[\w.-]{1,128}$/, "must be 1-128 letters, digits, '_', '.' or '-'");

const scpSeedZod = z
  .object({
    // Fields of the servers and images ../shared/seeds/scp-backup-proxy-openapi.txt has the estate use (see emulators/scp/state.ts).
    /** VMs that exist already, e.g. the source VM of the estate's backup-proxy image (`estate:proxySourceVmId`). */
    servers: z.array(z.object({ id: id.optional(), name: z.string().min(1), osName: z.string().min(1).optional() }).strict()).default([]),
    /** Active images that exist already. */
    images: z
      .array(z.object({ id: id.optional(), name: z.string().min(1), sourceVmId: z.string().optional(), imageType: z.enum(["public", "private"]).nullable().optional() }).strict())
      .default([]),
  })
  .strict();

const sppSeedZod = z
  .object({ identityUsers: z.array(z.object({ name: z.string().min(1), username: z.string().min(1), password: z.string().min(1) }).strict()).default([]) })
  .strict();

const sdpSeedZod = z
  .object({
    contracts: z
      .array(
        z
          .object({
            contractYear: z.number().int().min(1),
            startInMonths: z.number().int(),
            cores: z.number().int().min(0),
            renewal: z.boolean().optional(),
            pendingCores: z.number().int().min(0).optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

const nsxSeedZod = z
  .object({
    groups: z
      .array(
        z
          .object({
            groupId: z.string().min(1),
            federationSiteId: z.string().optional(),
            // LsIdToVmAndVnicsMapping / VmToVnicsMapping (../shared/seeds/nsxt-vmgroup-execution-details.txt l.38-44).
            map: z.array(z.object({ ls_id: z.string(), vm_and_vnics_mapping: z.array(z.object({ vm_instance_id: z.string(), vnics: z.array(z.string()) }).strict()) }).strict()),
            failedVmInstanceIds: z.array(z.string()).default([]),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

const vspcSeedZod = z
  .object({
    /** API keys of the portal administrator; the keys are in the answer (and the CLI's output). */
    adminApiKeys: z.array(z.object({ isReadAccessOnly: z.boolean().optional() }).strict()).default([]),
  })
  .strict();

const seedFileZod = z
  .object({ spp: sppSeedZod.optional(), vspc: vspcSeedZod.optional(), sdp: sdpSeedZod.optional(), nsx: nsxSeedZod.optional(), scp: scpSeedZod.optional() })
  .strict();

// Exported as `Schema`s so that the declarations print their types out (no zod in them); `zodOf` parses.
export const scpSeedSchema = seen(scpSeedZod);
export const sppSeedSchema = seen(sppSeedZod);
export const sdpSeedSchema = seen(sdpSeedZod);
export const nsxSeedSchema = seen(nsxSeedZod);
export const vspcSeedSchema = seen(vspcSeedZod);
export const seedFileSchema = seen(seedFileZod);

export type ScpSeed = SchemaOutput<typeof scpSeedSchema>;
export type SppSeed = SchemaOutput<typeof sppSeedSchema>;
export type SdpSeed = SchemaOutput<typeof sdpSeedSchema>;
export type NsxSeed = SchemaOutput<typeof nsxSeedSchema>;
export type VspcSeed = SchemaOutput<typeof vspcSeedSchema>;
export type SeedFile = SchemaInput<typeof seedFileSchema>;
