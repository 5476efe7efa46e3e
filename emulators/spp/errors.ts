/** SPP's error body: `{id, description, title}` (the seed's 400/401 examples). */
export interface SppErrorBody {
  id: string;
  description: string;
  title: string;
}

export function sppError(id: string, description: string): SppErrorBody {
  return { id, description, title: "Error" };
}

export function connectionRefused(type: string, host: string): SppErrorBody {
  const description =
    type === "hyperv"
      ? `Could not connect to server ${host}: Connect to Hyper-V Server ${host} failed. Cause: intel.management.wsman.WsmanException: Connect to ${host}:1 [${host}/10.2.1.10] failed: Connection refused (Connection refused)`
      : `Could not connect to server ${host}: Exception caught trying to invoke method RetrieveServiceContent; nested exception is: \n\tjava.net.ConnectException: Connection refused (Connection refused)`;
  return sppError("HypervisorConnectionException", description);
}

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
