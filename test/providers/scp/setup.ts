import { startScpEmulator, type ScpEmulator } from "../../../emulators";
import { setStackConfig } from "../../../providers/core/config";
import { resetScpClients } from "../../../providers/scp/client";
import { useEmulator, type EachTest } from "../use-emulator";

export function configureScp(emu: ScpEmulator, mode: "token" | "aksk" = "token", extra: Record<string, string> = {}): void {
  const c = emu.credentials;
  const values: Record<string, string> = {
    "scp:url": emu.url,
    "scp:caCert": emu.caCert ?? "",
    ...(mode === "token" ? { "scp:username": c.username, "scp:password": c.password } : { "scp:accessKey": c.accessKey, "scp:secretKey": c.secretKey, "scp:region": c.region }),
    ...extra,
  };
  setStackConfig({ get: (k) => values[k] });
}

/**
 * An SCP emulator started with `options` for the file's tests and closed after them; before each
 * test the SCP clients are reset, the stack config points at it (token login), and its log and
 * faults are cleared (unless `each` says not to).
 */
export function useScpEmulator(options: Parameters<typeof startScpEmulator>[0] = {}, each: EachTest = {}): ScpEmulator {
  return useEmulator(
    "the SCP emulator",
    () => startScpEmulator(options),
    (emu) => {
      resetScpClients();
      configureScp(emu);
    },
    each,
  );
}
