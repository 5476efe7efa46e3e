import { tmpdir } from "node:os";
import { join } from "node:path";

/** One stack-config entry as the Automation API and the harness both take it. */
export interface ConfigEntry {
  value: string;
  secret: boolean;
}

export interface EmulatorEndpoint {
  url: string;
  credentials: { username: string; password: string; tenantId?: string };
  /** Path of the PEM file of the emulator's self-signed certificate (absent for plain HTTP). */
  caCertPath?: string;
}

export interface DemoEndpoints {
  spp: EmulatorEndpoint;
  vspc: EmulatorEndpoint;
  /** `url` is the Keystone base. */
  sdp: EmulatorEndpoint;
  scp: EmulatorEndpoint;
  /** A VM in the SCP emulator to make the backup-proxy image from. */
  proxySourceVmId: string;
}

const plain = (value: string): ConfigEntry => ({ value, secret: false });
const secret = (value: string): ConfigEntry => ({ value, secret: true });

/** The stack config that points the example estate at the local emulators. */
export function emulatorStackConfig(e: DemoEndpoints): Record<string, ConfigEntry> {
  const config: Record<string, ConfigEntry> = {
    "spp:url": plain(e.spp.url),
    "spp:username": plain(e.spp.credentials.username),
    "spp:password": secret(e.spp.credentials.password),
    "vspc:url": plain(e.vspc.url),
    "vspc:username": plain(e.vspc.credentials.username),
    "vspc:password": secret(e.vspc.credentials.password),
    "sdp:authUrl": plain(e.sdp.url),
    "sdp:username": plain(e.sdp.credentials.username),
    "sdp:password": secret(e.sdp.credentials.password),
    "sdp:tenantId": plain(e.sdp.credentials.tenantId ?? ""),
    "scp:url": plain(e.scp.url),
    "scp:username": plain(e.scp.credentials.username),
    "scp:password": secret(e.scp.credentials.password),
    "estate:esxiAdminPassword": secret("demo-esxi-Passw0rd"),
    "estate:vcenterPassword": secret("demo-vcenter-Passw0rd"),
    "estate:tenantOwnerPassword": secret("demo-owner-Passw0rd"),
    "estate:proxySourceVmId": plain(e.proxySourceVmId),
    // The golden proxy image's exported VMA file goes to a scratch directory, not next to the program.
    "estate:proxyExportPath": plain(join(tmpdir(), "backup-infra-demo", "acme-backup-proxy.vma")),
    "estate:snapshotConcurrency": plain("3"),
  };
  for (const vendor of ["spp", "vspc", "sdp", "scp"] as const) {
    const path = e[vendor].caCertPath;
    if (path) config[`${vendor}:caCert`] = plain(path);
  }
  return config;
}

/** The one input the demo changes to show an in-place update. */
export const DEMO_CHANGE = { key: "estate:snapshotConcurrency", value: "5" } as const;
