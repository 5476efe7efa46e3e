import type { VspcEmulator } from "../../../emulators";
import { setStackConfig } from "../../../providers/core/config";

/** Points the stack config at the emulator (user name + password unless an API key is given). */
export function configureVspc(emu: VspcEmulator, extra: Record<string, string> = {}): void {
  const values: Record<string, string> = {
    "vspc:url": emu.url,
    "vspc:caCert": emu.caCert ?? "",
    ...(extra["vspc:apiKey"] ? {} : { "vspc:username": emu.credentials.username, "vspc:password": emu.credentials.password }),
    ...extra,
  };
  setStackConfig({ get: (k) => values[k] });
}

/** Collects what the provider writes to stderr (its log) during a test. */
export { captureStderr } from "../capture-stderr";

export const companyArgs = (name: string, extra: Record<string, unknown> = {}) => ({
  organization: { name, alias: name.toLowerCase(), email: `owner@${name.toLowerCase()}.example`, country: 1, city: "Sacramento", zipCode: "95814" },
  ownerUserName: `${name.toLowerCase()}-owner`,
  ownerPassword: `Owner-Passw0rd-${name}`,
  isAlarmDetectEnabled: true,
  companyServices: { remoteServices: { isBackupResourcesEnabled: true, backupAgentsManagement: { workstationAgentsQuota: 20, serverAgentsQuota: 20 } } },
  ...extra,
});
