import type { EmulatorOptions } from "./kit/handle";
import type { SeedFile } from "./kit/seed";
import { seedFileSchema } from "./kit/seed";
import { startSppEmulator, type SppEmulator } from "./spp";
import { startNsxEmulator, type NsxEmulator } from "./nsx";
import { startScpEmulator, type ScpEmulator } from "./scp";
import { startSdpEmulator, type SdpEmulator } from "./sdp";
import { startVspcEmulator, type VspcEmulator } from "./vspc";
import { zodOf } from "../providers/program/zod-of";

export const VENDORS = ["spp", "vspc", "sdp", "nsx", "scp"] as const;
export type Vendor = (typeof VENDORS)[number];

export interface AllEmulators {
  spp: SppEmulator;
  vspc: VspcEmulator;
  sdp: SdpEmulator;
  nsx: NsxEmulator;
  scp: ScpEmulator;
  /** What the seed made, per vendor (ids, API keys); empty without a seed. */
  seeded: Partial<Record<Vendor, unknown>>;
  close(): Promise<void>;
}

export interface AllEmulatorsOptions extends EmulatorOptions {
  /** A vendor's own port; beats `port` (the first of consecutive ports, in the order of VENDORS). */
  ports?: Partial<Record<Vendor, number>>;
  /** Objects to load at start (the `--seed` file's shape; see emulators/kit/seed.ts). */
  seed?: SeedFile;
}

/** Starts every vendor emulator; with `port` N > 0 they take consecutive ports from N, unless `ports` names one. */
export async function startAllEmulators(opts: AllEmulatorsOptions = {}): Promise<AllEmulators> {
  const { ports = {}, seed: rawSeed, ...common } = opts;
  const seed = zodOf(seedFileSchema).parse(rawSeed ?? {});
  const port = (vendor: Vendor): number => ports[vendor] ?? (common.port ? common.port + VENDORS.indexOf(vendor) : 0);
  const started: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(e: T): T => {
    started.push(e);
    return e;
  };
  try {
    const spp = track(await startSppEmulator({ ...common, port: port("spp") }));
    const vspc = track(await startVspcEmulator({ ...common, port: port("vspc") }));
    const sdp = track(await startSdpEmulator({ ...common, port: port("sdp") }));
    const nsx = track(await startNsxEmulator({ ...common, port: port("nsx") }));
    const scp = track(await startScpEmulator({ ...common, port: port("scp") }));
    const seeded: Partial<Record<Vendor, unknown>> = {};
    if (seed.spp) seeded.spp = spp.applySeed(seed.spp);
    if (seed.vspc) seeded.vspc = vspc.applySeed(seed.vspc);
    if (seed.sdp) seeded.sdp = sdp.applySeed(seed.sdp);
    if (seed.nsx) seeded.nsx = nsx.applySeed(seed.nsx);
    if (seed.scp) seeded.scp = scp.applySeed(seed.scp);
    return {
      spp,
      vspc,
      sdp,
      nsx,
      scp,
      seeded,
      close: async () => {
        await Promise.all([spp.close(), vspc.close(), sdp.close(), nsx.close(), scp.close()]);
      },
    };
  } catch (error) {
    // One that did not start (a port taken) or a seed refused: the others go too.
    await Promise.all(started.map((e) => e.close().catch(() => undefined)));
    throw error;
  }
}
