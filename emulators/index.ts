export { startEmulator, CONTROL_PREFIX, type EmulatorHandle, type EmulatorOptions, type BaseKnobs } from "./kit/server";
export type { FaultRule, FaultKind } from "./kit/faults";
export type { RecordedRequest } from "./kit/recorder";
export { startSppEmulator, SPP_DEFAULT_CREDENTIALS, type SppEmulator, type SppEmulatorOptions, type SppKnobs, type SppInventory } from "./spp";
export { startVspcEmulator, VSPC_DEFAULT_CREDENTIALS, type VspcEmulator, type VspcEmulatorOptions, type VspcKnobs, type VspcInventory } from "./vspc";
export { startSdpEmulator, SDP_DEFAULT_CREDENTIALS, type SdpEmulator, type SdpEmulatorOptions, type SdpKnobs, type SdpInventory } from "./sdp";
export { startNsxEmulator, NSX_DEFAULT_CREDENTIALS, type NsxEmulator, type NsxKnobs, type NsxGroup } from "./nsx";
export { startScpEmulator, SCP_DEFAULT_CREDENTIALS, type ScpEmulator, type ScpKnobs, type ScpInventory } from "./scp";
export { startAllEmulators, type AllEmulators } from "./all";
