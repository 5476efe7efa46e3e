#!/usr/bin/env node
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startAllEmulators, type AllEmulators } from "./all";

const USAGE = `Usage: backup-infra-emulators [--port-base N] [--http] [--json]

Starts a local emulator of every vendor API on 127.0.0.1 and runs until interrupted.
  --port-base N  first port to use (consecutive per vendor); 0 (default) picks free ports
  --http         serve plain HTTP instead of HTTPS with a self-signed certificate
  --json         print one JSON object instead of text`;

export interface RunningCli {
  emulators: AllEmulators;
  stop(): Promise<void>;
}

/** Starts the emulators and prints how to reach them; `stop` closes them and removes the CA files. */
export async function runCli(argv: string[], out: (text: string) => void): Promise<RunningCli | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: { "port-base": { type: "string", default: "0" }, http: { type: "boolean", default: false }, json: { type: "boolean", default: false }, help: { type: "boolean", default: false } },
    strict: true,
  });
  if (values.help) {
    out(`${USAGE}\n`);
    return undefined;
  }
  const portBase = Number(values["port-base"]);
  if (!Number.isInteger(portBase) || portBase < 0 || portBase > 65_000) throw new Error(`--port-base must be a port number, not "${values["port-base"]}"`);

  const emulators = await startAllEmulators({ port: portBase, tls: !values.http });
  const dir = mkdtempSync(join(tmpdir(), "backup-infra-emulators-"));
  const vendors = {
    spp: { ...emulators.spp, url: emulators.spp.url },
    vspc: { ...emulators.vspc, url: emulators.vspc.apiUrl },
    sdp: { ...emulators.sdp, url: emulators.sdp.authUrl },
    nsx: { ...emulators.nsx, url: emulators.nsx.url },
    scp: { ...emulators.scp, url: emulators.scp.url },
  };
  const described = Object.entries(vendors).map(([vendor, e]) => {
    let caCertPath: string | undefined;
    if (e.caCert) {
      caCertPath = join(dir, `${vendor}-ca.pem`);
      writeFileSync(caCertPath, e.caCert);
    }
    const tenantId = "tenantId" in e.credentials ? e.credentials.tenantId : undefined;
    return { vendor, url: e.url, username: e.credentials.username, password: e.credentials.password, ...(tenantId ? { tenantId } : {}), caCertPath };
  });

  if (values.json) out(`${JSON.stringify({ emulators: described })}\n`);
  else {
    const q = (value: string): string => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`);
    for (const d of described) {
      out(`${d.vendor}: ${d.url}\n  username: ${d.username}\n  password: ${d.password}\n`);
      if (d.tenantId) out(`  tenantId: ${d.tenantId}\n`);
      if (d.caCertPath) out(`  caCert:   ${d.caCertPath}\n`);
      const urlKey = d.vendor === "sdp" ? "authUrl" : "url";
      out(`  pulumi config set ${d.vendor}:${urlKey} ${q(d.url)} && pulumi config set ${d.vendor}:username ${q(d.username)} && pulumi config set --secret ${d.vendor}:password ${q(d.password)}${d.tenantId ? ` && pulumi config set ${d.vendor}:tenantId ${d.tenantId}` : ""}${d.caCertPath ? ` && pulumi config set ${d.vendor}:caCert ${q(d.caCertPath)}` : ""}\n`);
    }
    out("Control API: <url>/_emulator/requests, /counters, /knobs, /faults, /inventory. Ctrl-C stops.\n");
  }
  return {
    emulators,
    stop: async () => {
      await emulators.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (require.main === module) {
  runCli(process.argv.slice(2), (text) => process.stdout.write(text)).then(
    (running) => {
      if (!running) return;
      const stop = (): void => {
        void running.stop().then(() => process.exit(0));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (error: unknown) => {
      process.stderr.write(`backup-infra-emulators: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
