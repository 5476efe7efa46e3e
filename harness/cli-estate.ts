import { startAllEmulators, type AllEmulators, type ScpKnobs, type SdpKnobs, type SppKnobs, type VspcKnobs } from "../emulators";
import { UserProject } from "./cli-project";

/** The example estate's own secrets (the vendor credentials come from the emulators). */
export const ESTATE_SECRETS = {
  "estate:esxiAdminPassword": "cli-esxi-Passw0rd-1",
  "estate:vcenterPassword": "cli-vcenter-Passw0rd-1",
  "estate:tenantOwnerPassword": "cli-owner-Passw0rd-1",
} as const;

export interface EstateRig {
  emulators: AllEmulators;
  project: UserProject;
  stack: string;
  /** Every secret value the stack config holds. */
  configSecrets: string[];
  close(): Promise<void>;
}

/** Config keys whose values are credentials. */
const SECRET_KEY = /:(password|apiKey|secretKey)$|Password$/;

/**
 * The example estate (examples/estate) as a user's project from the packed tarball, with a stack
 * whose config points at freshly started emulators (HTTPS, their CAs trusted through `<vendor>:caCert`).
 */
export async function openEstate(
  name: string,
  opts: { config?: Record<string, string>; knobs?: { spp?: Partial<SppKnobs>; vspc?: Partial<VspcKnobs>; sdp?: Partial<SdpKnobs>; scp?: Partial<ScpKnobs> } } = {},
): Promise<EstateRig> {
  const emulators = await startAllEmulators({ tls: true });
  const { spp, vspc, sdp, scp } = opts.knobs ?? {};
  if (spp) emulators.spp.setKnobs(spp);
  if (vspc) emulators.vspc.setKnobs(vspc);
  if (sdp) emulators.sdp.setKnobs(sdp);
  if (scp) emulators.scp.setKnobs(scp);
  let project: UserProject | undefined;
  try {
    project = await UserProject.create({ name, files: {} });
    project.copyIn("examples/estate/index.ts", "index.ts");
    project.copyIn("examples/estate/estate.ts", "estate.ts");
    const stack = "dev";
    await project.pulumi(["stack", "init", stack]);
    const config: Record<string, string> = {
      ...emulators.spp.stackConfig(),
      ...emulators.vspc.stackConfig(),
      ...emulators.sdp.stackConfig(),
      ...emulators.scp.stackConfig(),
      ...ESTATE_SECRETS,
      "estate:proxySourceVmId": emulators.scp.seedServer({ name: "proxy-template" }),
      ...opts.config,
    };
    await project.setConfig(Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value, secret: SECRET_KEY.test(k) }])));
    const configSecrets = Object.entries(config).filter(([k]) => SECRET_KEY.test(k)).map(([, v]) => v);
    const opened = project;
    return {
      emulators,
      project: opened,
      stack,
      configSecrets,
      close: async () => {
        await opened.close();
        await emulators.close();
      },
    };
  } catch (error) {
    await project?.close();
    await emulators.close();
    throw error;
  }
}

/** Counts of each object kind the emulators hold: what must match the stack (and be zero after destroy). */
export function inventoryCounts(e: AllEmulators): Record<string, number> {
  const spp = e.spp.inventory();
  const vspc = e.vspc.inventory();
  const sdp = e.sdp.inventory();
  const scp = e.scp.inventory();
  return {
    sppHypervisors: spp.hypervisors.length,
    vspcCompanies: vspc.companies.length,
    sdpServers: sdp.servers.filter((s) => s.status !== "DELETED").length,
    sdpLicenses: sdp.licenses.length,
    sdpVcenters: sdp.vcenters.length,
    scpImages: scp.images.length,
    scpVms: scp.servers.filter((s) => s.name !== "proxy-template").length,
  };
}
