import type * as pulumi from "@pulumi/pulumi";
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

interface Implementation {
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
const BY_TOKEN = new Map(IMPLEMENTATIONS.map((m) => [m.descriptor.type.token, m.provider]));

/** Every type token this release implements. */
export const PROVIDER_TOKENS: readonly string[] = [...BY_TOKEN.keys()];

/**
 * The provider of a resource type, by its type token: what every `__provider` text in state asks
 * for (providers/core/shim.ts). Tokens never change between releases; a state whose token this
 * release does not know was written by a newer release.
 */
export function providerFor(token: string): pulumi.dynamic.ResourceProvider {
  const provider = BY_TOKEN.get(token);
  if (!provider) {
    throw new Error(`pulumi-backup-infra has no provider for the type ${token} (it knows ${PROVIDER_TOKENS.join(", ")}): was this state written by a newer release? Install that release.`);
  }
  return provider;
}
