import { startSdpEmulator, type SdpEmulator, type SdpEmulatorOptions } from "../../../emulators";
import { setStackConfig } from "../../../providers/core/config";
import { resetSdpClients } from "../../../providers/sdp/client";
import { useEmulator, type EachTest } from "../use-emulator";

export function configureSdp(emu: SdpEmulator, extra: Record<string, string> = {}): void {
  const values: Record<string, string> = { ...emu.stackConfig(), ...extra };
  setStackConfig({ get: (k) => values[k] });
}

/**
 * An SDP emulator started with `options` for the file's tests and closed after them; before each
 * test the SDP clients are reset, the stack config points at it, and its log and faults are
 * cleared (unless `each` says not to).
 */
export function useSdpEmulator(options: SdpEmulatorOptions = {}, each: EachTest = {}): SdpEmulator {
  return useEmulator(
    "the SDP emulator",
    () => startSdpEmulator(options),
    (emu) => {
      resetSdpClients();
      configureSdp(emu);
    },
    each,
  );
}

export const serverArgs = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  adminPass: "Esxi-Admin-Passw0rd",
  imageRef: "b5660a6e-4b46-4be3-9707-6b47221b454f",
  flavorRef: "05184ba3-00ba-4fbc-b7a2-03b62b884931",
  networks: [
    { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a22", fixedIp: "10.0.0.100", plane: "data", segmentationId: 2001 },
    { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a23", fixedIp: "10.0.1.100", plane: "storage", segmentationId: 2002 },
  ],
  availabilityZone: "zone1-groupa",
  ...extra,
});
