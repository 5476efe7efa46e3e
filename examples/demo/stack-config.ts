/** One stack-config entry as the Automation API and the harness both take it. */
export interface ConfigEntry {
  value: string;
  secret: boolean;
}

export interface EmulatorEndpoint {
  url: string;
  credentials: { username: string; password: string };
  /** Path of the PEM file of the emulator's self-signed certificate (absent for plain HTTP). */
  caCertPath?: string;
}

/** The stack config that points the example estate at the local emulators. */
export function emulatorStackConfig(endpoints: { spp: EmulatorEndpoint }): Record<string, ConfigEntry> {
  const { spp } = endpoints;
  const config: Record<string, ConfigEntry> = {
    "spp:url": { value: spp.url, secret: false },
    "spp:username": { value: spp.credentials.username, secret: false },
    "spp:password": { value: spp.credentials.password, secret: true },
    "estate:vcenterHost": { value: "vcenter01.estate.example", secret: false },
    "estate:vcenterPassword": { value: "vcenter-demo-password", secret: true },
    "estate:snapshotConcurrency": { value: "3", secret: false },
  };
  if (spp.caCertPath) config["spp:caCert"] = { value: spp.caCertPath, secret: false };
  return config;
}

/** The one input the demo changes to show an in-place update. */
export const DEMO_CHANGE = { key: "estate:snapshotConcurrency", value: "5" } as const;
