export { SppHypervisor, type SppHypervisorArgs, type SppConnectionArgs, type TimeoutsArgs } from "./spp/hypervisor";
export { VendorApiError, TransportError, ConfigError, ResourceInitFailedError } from "./core/errors";
export { DeadlineExceededError } from "./core/deadline";
export { SppApiError } from "./spp/client";
export { VspcCompany, type VspcCompanyArgs, type VspcOrganizationArgs, type VspcCompanyServicesArgs, type VspcConnectionArgs } from "./vspc/company";
export { VspcApiKey, type VspcApiKeyArgs } from "./vspc/api-key";
export { VspcApiError } from "./vspc/client";
