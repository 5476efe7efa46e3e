import { startSdpEmulator } from "../emulators";
import { setStackConfig } from "../providers/core/config";
import { closeAllAgents } from "../providers/core/transport";
import { provider } from "../providers/sdp/server.provider";

export interface ServerCreateMeasurement {
  buildMs: number;
  elapsedMs: number;
  polls: number;
}

/** Creates one SdpServer against the emulator with the given build time; measures time and status polls. */
export async function measureServerCreate(buildMs: number): Promise<ServerCreateMeasurement> {
  const emu = await startSdpEmulator({ tls: false, knobs: { buildMs } });
  const config = emu.stackConfig();
  setStackConfig({ get: (k) => config[k] });
  const previousLog = process.env.BACKUP_INFRA_LOG;
  process.env.BACKUP_INFRA_LOG = "silent";
  try {
    const inputs = {
      name: "bench-esx",
      adminPass: "Bench-Admin-Passw0rd",
      imageRef: "b5660a6e-4b46-4be3-9707-6b47221b454f",
      flavorRef: "05184ba3-00ba-4fbc-b7a2-03b62b884931",
      networks: [
        { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a22", segmentationId: 2001 },
        { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a23", segmentationId: 2002 },
      ],
    };
    await provider.check!({}, inputs);
    const started = Date.now();
    const made = await provider.create({ ...inputs, __provider: "bench" });
    const elapsedMs = Date.now() - started;
    const polls = emu.requests().filter((r) => r.method === "GET" && r.route === "/v1.0/:tenantId/servers/:id").length;
    await provider.delete!(made.id, made.outs ?? {});
    return { buildMs, elapsedMs, polls };
  } finally {
    if (previousLog === undefined) delete process.env.BACKUP_INFRA_LOG;
    else process.env.BACKUP_INFRA_LOG = previousLog;
    await closeAllAgents();
    await emu.close();
  }
}
