import { dirname } from "node:path";
import {
  startScpEmulator,
  startSdpEmulator,
  startSppEmulator,
  startVspcEmulator,
  type ScpEmulator,
  type ScpKnobs,
  type SdpEmulator,
  type SdpKnobs,
  type SppEmulator,
  type SppKnobs,
  type VspcEmulator,
  type VspcKnobs,
} from "../emulators";
import { startProviderHost, type ProviderHost } from "../harness";

/** The repository: the provider host runs here and resolves `__provider`'s requires from it. */
export const REPO_ROOT = dirname(require.resolve("pulumi-backup-infra/package.json"));

export type Vendor = "spp" | "vspc" | "sdp" | "scp";

export interface EstateKnobs {
  latencyMs: number;
  spp?: Partial<SppKnobs>;
  vspc?: Partial<VspcKnobs>;
  sdp?: Partial<SdpKnobs>;
  scp?: Partial<ScpKnobs>;
}

/** The four vendor emulators (HTTPS, self-signed) and one provider host configured for all of them. */
export interface Estate {
  spp: SppEmulator;
  vspc: VspcEmulator;
  sdp: SdpEmulator;
  scp: ScpEmulator;
  host: ProviderHost;
  /** The stack config the host was given (URLs, credentials, CA certificates). */
  config: Record<string, string>;
  close(): Promise<void>;
}

export async function startEstate(knobs: EstateKnobs): Promise<Estate> {
  const latency = { latencyMs: knobs.latencyMs };
  const spp = await startSppEmulator({ knobs: { ...knobs.spp, ...latency } });
  const vspc = await startVspcEmulator({ knobs: { ...knobs.vspc, ...latency } });
  const sdp = await startSdpEmulator({ knobs: { ...knobs.sdp, ...latency } });
  const scp = await startScpEmulator({ knobs: { ...knobs.scp, ...latency } });
  const closeEmulators = async (): Promise<void> => {
    await Promise.all([spp.close(), vspc.close(), sdp.close(), scp.close()]);
  };
  const config: Record<string, string> = { ...spp.stackConfig(), ...vspc.stackConfig(), ...sdp.stackConfig(), ...scp.stackConfig() };
  let host: ProviderHost;
  try {
    host = await startProviderHost({ cwd: REPO_ROOT, project: "backup-infra-bench", config, env: { BACKUP_INFRA_LOG: "warn" } });
    await host.configure(config);
  } catch (error) {
    await closeEmulators();
    throw error;
  }
  return {
    spp,
    vspc,
    sdp,
    scp,
    host,
    config,
    close: async () => {
      await host.close();
      await closeEmulators();
    },
  };
}
