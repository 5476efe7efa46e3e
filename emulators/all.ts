import type { EmulatorOptions } from "./kit/server";
import { startSppEmulator, type SppEmulator } from "./spp";
import { startNsxEmulator, type NsxEmulator } from "./nsx";
import { startScpEmulator, type ScpEmulator } from "./scp";
import { startSdpEmulator, type SdpEmulator } from "./sdp";
import { startVspcEmulator, type VspcEmulator } from "./vspc";

export interface AllEmulators {
  spp: SppEmulator;
  vspc: VspcEmulator;
  sdp: SdpEmulator;
  nsx: NsxEmulator;
  scp: ScpEmulator;
  close(): Promise<void>;
}

/** Starts every vendor emulator; with `port` N > 0 they take consecutive ports from N. */
export async function startAllEmulators(opts: EmulatorOptions = {}): Promise<AllEmulators> {
  const port = (offset: number): number => (opts.port ? opts.port + offset : 0);
  const spp = await startSppEmulator({ ...opts, port: port(0) });
  const vspc = await startVspcEmulator({ ...opts, port: port(1) });
  const sdp = await startSdpEmulator({ ...opts, port: port(2) });
  const nsx = await startNsxEmulator({ ...opts, port: port(3) });
  const scp = await startScpEmulator({ ...opts, port: port(4) });
  return {
    spp,
    vspc,
    sdp,
    nsx,
    scp,
    close: async () => {
      await Promise.all([spp.close(), vspc.close(), sdp.close(), nsx.close(), scp.close()]);
    },
  };
}
