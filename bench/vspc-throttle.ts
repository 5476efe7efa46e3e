import { startVspcEmulator } from "../emulators";
import { setStackConfig } from "../providers/core/config";
import { closeAllAgents } from "../providers/core/transport";
import { resetVspcClients } from "../providers/vspc/client";
import { provider } from "../providers/vspc/company.provider";

export interface ThrottleMeasurement {
  creates: number;
  failures: number;
  wallMs: number;
  /** Requests the server admitted (answered other than 429). */
  admitted: number;
  throttled: number;
  /** The fewest requests the creates need (the API's minimum per create, times the creates). */
  minimumRequests: number;
  /**
   * The throttle's ideal: the minimum requests fill k = ⌈minimum / perWindow⌉ windows; the server
   * names its wait in whole seconds (here one window) from the refusal, so a client that honours it
   * sends window i's share i windows after the start at the earliest: (k − 1) windows in all.
   */
  idealMs: number;
  /** Without honouring `retryAfter`: the first window's budget spent at its very end (unreachable by chance). */
  leastSpanMs: number;
  /** The admitted requests at exactly the per-window rate. */
  rateMs: number;
}

/** 100 company creates, 16 at a time, under the emulator's throttle; wall time against the throttle's ideal. */
export async function measureVspcThrottle(minimumPerCreate: number, creates = 100, width = 16, perWindow = 60, windowMs = 1_000): Promise<ThrottleMeasurement> {
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
    const minimumRequests = minimumPerCreate * creates;
    const windows = Math.ceil(minimumRequests / perWindow);
    return {
      creates,
      failures,
      wallMs,
      admitted,
      throttled: log.length - admitted,
      minimumRequests,
      idealMs: Math.max(1, windows - 1) * windowMs,
      leastSpanMs: Math.max(1, windows - 2) * windowMs,
      rateMs: (minimumRequests / perWindow) * windowMs,
    };
  } finally {
    if (previousLog === undefined) delete process.env.BACKUP_INFRA_LOG;
    else process.env.BACKUP_INFRA_LOG = previousLog;
    await closeAllAgents();
    await emu.close();
  }
}
