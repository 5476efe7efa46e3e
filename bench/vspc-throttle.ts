import { startVspcEmulator } from "../emulators";
import { setStackConfig } from "../providers/core/config";
import { closeAllAgents } from "../providers/core/transport";
import { resetVspcClients } from "../providers/vspc/client";
import { provider } from "../providers/vspc/company";

export interface ThrottleMeasurement {
  creates: number;
  failures: number;
  wallMs: number;
  /** Requests the server admitted (answered other than 429). */
  admitted: number;
  throttled: number;
  /**
   * The least time the admitted requests can take under a fixed-window limit: they fill
   * ⌈admitted / perWindow⌉ windows, of which the first and last may be partial.
   */
  idealMs: number;
  /** The admitted requests at exactly the per-window rate. */
  rateMs: number;
}

/** 100 company creates, 16 at a time, under the emulator's throttle; wall time against the throttle's ideal. */
export async function measureVspcThrottle(creates = 100, width = 16, perWindow = 60, windowMs = 1_000): Promise<ThrottleMeasurement> {
  const emu = await startVspcEmulator({ tls: false, knobs: { maxParallel: 6, maxPerWindow: perWindow, windowMs } });
  const config: Record<string, string> = { "vspc:url": emu.url, "vspc:apiKey": emu.issueAdminApiKey() };
  setStackConfig({ get: (k) => config[k] });
  resetVspcClients();
  const previousLog = process.env.BACKUP_INFRA_LOG;
  process.env.BACKUP_INFRA_LOG = "silent";
  let next = 0;
  let failures = 0;
  const started = Date.now();
  try {
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < creates) {
          const i = next++;
          const inputs = { organization: { name: `Bench${i}` }, ownerUserName: `bench${i}`, ownerPassword: "Bench-Passw0rd-1", __provider: "bench" };
          await provider.create(inputs).catch(() => failures++);
        }
      }),
    );
    const wallMs = Date.now() - started;
    const log = emu.requests();
    const admitted = log.filter((r) => r.status !== 429).length;
    return { creates, failures, wallMs, admitted, throttled: log.length - admitted, idealMs: Math.max(1, Math.ceil(admitted / perWindow) - 2) * windowMs, rateMs: (admitted / perWindow) * windowMs };
  } finally {
    if (previousLog === undefined) delete process.env.BACKUP_INFRA_LOG;
    else process.env.BACKUP_INFRA_LOG = previousLog;
    await closeAllAgents();
    await emu.close();
  }
}
