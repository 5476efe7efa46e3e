/** SPP's error body `{id, description, title: "Error"}`: the `response` of the seed's 400/401 examples (l.127-133, l.138-144, l.201-209, l.214-226); envelope.ts wraps it under /ngp/. */
export interface SppErrorBody {
  id: string;
  description: string;
  title: string;
}

export function sppError(id: string, description: string): SppErrorBody {
  return { id, description, title: "Error" };
}

/** The descriptions of seed l.129-131 (vmware) and l.203-207 (hyperv), joined where the page wrapped them. */
export function connectionRefused(type: string, host: string): SppErrorBody {
  const description =
    type === "hyperv"
      ? `Could not connect to server ${host}: Connect to Hyper-V Server ${host} failed. Cause: intel.management.wsman.WsmanException: Connect to ${host}:1 [${host}/10.2.1.10] failed: Connection refused (Connection refused)`
      : `Could not connect to server ${host}: Exception caught trying to invoke method RetrieveServiceContent; nested exception is: \n\tjava.net.ConnectException: Connection refused (Connection refused)`;
  return sppError("HypervisorConnectionException", description);
}

/** Seed l.139-142 (vmware, HypervisorConnectionAuthException) and l.215-224 (hyperv, HypervisorAuthException). */
export function authenticationFailed(type: string): SppErrorBody {
  if (type === "hyperv") {
    return sppError(
      "HypervisorAuthException",
      'Authentication failed. Ensure the username and password are correct. The username must be a member of the local administrators group. For non-SSL connections, set the "AllowUnencrypted" permission to true by entering the following command in a Windows command prompt running with elevated privileges (start the command prompt with the "Run as administrator" option):\n\nwinrm set winrm/config/service @{AllowUnencrypted="true"}\n\nIn cluster environments, ensure all nodes meet the above requirements. Ensure you understand the security risks associated with configuring WinRM to allow unencrypted network traffic.',
    );
  }
  return sppError(
    "HypervisorConnectionAuthException",
    "Authentication failed. Ensure the username and password are correct. User must have all vCenter VMware User privileges as documented.",
  );
}
