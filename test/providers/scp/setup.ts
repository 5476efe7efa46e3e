import type { ScpEmulator } from "../../../emulators";
import { setStackConfig } from "../../../providers/core/config";

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
