import type { BackupInfraProvider } from "./core/provider";
import type { InputSpecs, OutputSpecs, ResourceDescriptor } from "./program/descriptor";
import * as scpBackupProxyImage from "./scp/image.provider";
import * as scpBackupProxyVm from "./scp/vm.provider";
import * as scpVmaImage from "./scp/vma-image.provider";
import * as sdpGuestVmLicense from "./sdp/guest-vm-license.provider";
import * as sdpLicense from "./sdp/license.provider";
import * as sdpServer from "./sdp/server.provider";
import * as sdpVcenter from "./sdp/vcenter.provider";
import * as sdpVsphereContract from "./sdp/vsphere-contract.provider";
import * as sppHypervisor from "./spp/hypervisor.provider";
import * as vspcApiKey from "./vspc/api-key.provider";
import * as vspcCompany from "./vspc/company.provider";

export interface Implementation {
  descriptor: ResourceDescriptor<InputSpecs, OutputSpecs>;
  provider: BackupInfraProvider;
}

/** Every resource type this release implements: what both faces (dynamic resources and the plugin) serve. */
export const IMPLEMENTATIONS: readonly Implementation[] = [
  sppHypervisor,
  vspcCompany,
  vspcApiKey,
  sdpServer,
  sdpLicense,
  sdpVcenter,
  sdpVsphereContract,
  sdpGuestVmLicense,
  scpBackupProxyImage,
  scpBackupProxyVm,
  scpVmaImage,
];
