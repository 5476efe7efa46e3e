#!/usr/bin/env node
import "./kit/peers";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { startAllEmulators, VENDORS, type AllEmulators, type Vendor } from "./all";
import { CONTROL_PREFIX } from "./kit/handle";
import { zodReason } from "./kit/control-input";
import { seedFileSchema, type SeedFile } from "./kit/seed";
import { zodOf } from "../providers/program/zod-of";

export const USAGE = `Usage: backup-infra-emulators [options]

Starts a local emulator of every vendor API (SPP, VSPC, SDP, NSX, SCP) and runs until interrupted.
  --host ADDR      address to listen on (default 127.0.0.1; the certificate names it too)
  --port-base N    first port to use, consecutive per vendor in the order above; 0 (default) picks free ports
  --spp-port N     SPP's own port (beats --port-base); likewise --vspc-port, --sdp-port, --nsx-port, --scp-port
  --seed FILE      JSON file of objects to load at start (see the README); POST <control>/seed does the same later
  --http           serve plain HTTP instead of HTTPS with a self-signed certificate
  --json           print one JSON object instead of text
  --help           print this text

Each vendor's control API is at the "control:" URL printed for it (GET it for the list of endpoints).`;

/** Wrong arguments or a bad seed file: the CLI prints the message and the usage text to stderr and exits 2. */
export class UsageError extends Error {}

export interface RunningCli {
  emulators: AllEmulators;
  stop(): Promise<void>;
}

const portOptions = Object.fromEntries(VENDORS.map((v) => [`${v}-port`, { type: "string" as const }])) as Record<`${Vendor}-port`, { type: "string" }>;

function portNumber(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < min || n > 65_535) throw new UsageError(`--${flag} must be a port number, not "${text}"`);
  return n;
}

function readSeed(path: string): SeedFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--seed ${path}: cannot read it (${error instanceof Error ? error.message : String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--seed ${path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = zodOf(seedFileSchema).safeParse(json);
  if (!parsed.success) throw new UsageError(`--seed ${path}: ${zodReason(parsed.error)}`);
  return json as SeedFile;
}

/** Starts the emulators and prints how to reach them; `stop` closes them and removes the CA files. Undefined after --help. */
export async function runCli(argv: string[], out: (text: string) => void): Promise<RunningCli | undefined> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: "string", default: "127.0.0.1" },
        "port-base": { type: "string", default: "0" },
        ...portOptions,
        seed: { type: "string" },
        http: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    out(`${USAGE}\n`);
    return undefined;
  }
  const portBase = portNumber("port-base", values["port-base"], 0);
  if (portBase > 65_535 - VENDORS.length) throw new UsageError(`--port-base must be a port number, not "${values["port-base"]}"`);
  const ports: Partial<Record<Vendor, number>> = {};
  for (const v of VENDORS) {
    const given = values[`${v}-port`];
    if (given !== undefined) ports[v] = portNumber(`${v}-port`, given, 1);
  }
  const host = values.host.trim();
  if (host === "") throw new UsageError("--host must be an address, not empty");
  const seed = values.seed === undefined ? undefined : readSeed(values.seed);

  const emulators = await startAllEmulators({ port: portBase, ports, host, tls: !values.http, seed });
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
    // The control API is at the server's root, not under the vendor API's base (VSPC's /api/v3, SDP's /v3).
    const controlUrl = `${emulators[vendor as Vendor].url}${CONTROL_PREFIX}/`;
    const seeded = emulators.seeded[vendor as Vendor];
    return { vendor, url: e.url, username: e.credentials.username, password: e.credentials.password, ...(tenantId ? { tenantId } : {}), caCertPath, controlUrl, ...(seeded ? { seeded } : {}) };
  });

  if (values.json) out(`${JSON.stringify({ emulators: described })}\n`);
  else {
    const q = (value: string): string => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`);
    for (const d of described) {
      out(`${d.vendor}: ${d.url}\n  username: ${d.username}\n  password: ${d.password}\n`);
      if (d.tenantId) out(`  tenantId: ${d.tenantId}\n`);
      if (d.caCertPath) out(`  caCert:   ${d.caCertPath}\n`);
      out(`  control:  ${d.controlUrl}\n`);
      if (d.seeded) out(`  seeded:   ${JSON.stringify(d.seeded)}\n`);
      const urlKey = d.vendor === "sdp" ? "authUrl" : "url";
      out(`  pulumi config set ${d.vendor}:${urlKey} ${q(d.url)} && pulumi config set ${d.vendor}:username ${q(d.username)} && pulumi config set --secret ${d.vendor}:password ${q(d.password)}${d.tenantId ? ` && pulumi config set ${d.vendor}:tenantId ${d.tenantId}` : ""}${d.caCertPath ? ` && pulumi config set ${d.vendor}:caCert ${q(d.caCertPath)}` : ""}\n`);
    }
    out("Control API: GET <control> lists its endpoints (requests, counters, knobs, faults, inventory, clock, seed). Ctrl-C stops.\n");
  }
  return {
    emulators,
    stop: async () => {
      await emulators.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The command: its exit code (0, or 2 for a usage error or bad seed, 1 for any other failure) and, while running, the emulators. */
export async function main(argv: string[], io: { out(text: string): void; err(text: string): void }): Promise<{ code: number; running?: RunningCli }> {
  try {
    const running = await runCli(argv, io.out);
    return { code: 0, running };
  } catch (error) {
    const message = error instanceof z.ZodError ? zodReason(error) : error instanceof Error ? error.message : String(error);
    io.err(`backup-infra-emulators: ${message}\n`);
    if (error instanceof UsageError) {
      io.err(`\n${USAGE}\n`);
      return { code: 2 };
    }
    return { code: 1 };
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then(({ code, running }) => {
    if (!running) {
      process.exitCode = code;
      return;
    }
    const stop = (): void => {
      void running.stop().then(() => process.exit(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
