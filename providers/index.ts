export { SppHypervisor, type SppHypervisorArgs, type SppConnectionArgs, type TimeoutsArgs } from "./spp/hypervisor";
export { VendorApiError, TransportError, ConfigError, ResourceInitFailedError } from "./core/errors";
export { DeadlineExceededError } from "./core/deadline";
export { SppApiError } from "./spp/client";
