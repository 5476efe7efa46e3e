export { SppHypervisor, type SppHypervisorArgs, type SppConnectionArgs, type TimeoutsArgs } from "./spp/hypervisor";
export { VendorApiError, TransportError, ConfigError, ResourceInitFailedError } from "./core/errors";
export { DeadlineExceededError } from "./core/deadline";
export { SppApiError } from "./spp/errors";
export { VspcCompany, type VspcCompanyArgs, type VspcOrganizationArgs, type VspcCompanyServicesArgs, type VspcConnectionArgs } from "./vspc/company";
export { VspcApiKey, type VspcApiKeyArgs } from "./vspc/api-key";
export { VspcApiError, VspcConflictError, VspcActionError } from "./vspc/errors";
export { SdpServer, type SdpServerArgs, type SdpServerNetworkArgs } from "./sdp/server";
export { SdpLicense, type SdpLicenseArgs } from "./sdp/license";
export { SdpGuestVmLicense, type SdpGuestVmLicenseArgs } from "./sdp/guest-vm-license";
export { SdpApiError } from "./sdp/errors";
export { SdpVcenter, type SdpVcenterArgs } from "./sdp/vcenter";
export { SdpVsphereContract, type SdpVsphereContractArgs } from "./sdp/vsphere-contract";
export {
  getSdpLicenseTypes,
  getSdpLicenseTypesOutput,
  getSdpUsages,
  getSdpUsagesOutput,
  getSdpUsageHistories,
  getSdpUsageHistoriesOutput,
  getSdpAvailableVcenterAddresses,
  getSdpAvailableVcenterAddressesOutput,
  getSdpCfgwConnection,
  getSdpCfgwConnectionOutput,
  type SdpLookupConnection,
  type SdpLicenseType,
  type SdpUsage,
  type SdpUsageQuery,
  type SdpUsageHistories,
  type SdpVcenterAddresses,
  type SdpCfgwConnection,
  type SdpLookupArgs,
  type SdpUsages,
  type SdpUsageHistoriesQuery,
  type SdpCfgwConnectionQuery,
} from "./sdp/functions";
export {
  getVmGroupExecutionDetails,
  getVmGroupExecutionDetailsOutput,
  type VmGroupExecutionDetails,
  type LogicalSwitchVms,
  type VmAndVnics,
  type NsxLookupConnection,
  type VmGroupExecutionDetailsQuery,
} from "./nsx/execution-details";
export { planVnicBackings, type MigrationTarget, type DvPortGroup, type VmVnics, type VnicBacking, type PlannedVnic, type VnicPlan } from "./nsx/plan";
export { NsxApiError } from "./nsx/errors";
export { ScpBackupProxyImage, type ScpBackupProxyImageArgs } from "./scp/image";
export { ScpVmaImage, type ScpVmaImageArgs } from "./scp/vma-image";
export { ScpBackupProxyVm, type ScpBackupProxyVmArgs } from "./scp/vm";
export { ScpApiError, ScpTaskError } from "./scp/errors";
