import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { USAGE, main, runCli } from "../../emulators/cli";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string; stop(): Promise<void> }> {
  let out = "";
  let err = "";
  const { code, running } = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err, stop: async () => running?.stop() };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function seedFile(content: unknown): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "emulator-seed-test-"));
  const path = join(dir, "seed.json");
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("backup-infra-emulators", () => {
  it("starts every emulator, prints URL, credentials and CA path, and cleans up", async () => {
    let printed = "";
    const running = await runCli(["--json"], (t) => (printed += t));
    expect(running).toBeDefined();
    try {
      const { emulators } = JSON.parse(printed) as { emulators: { vendor: string; url: string; username: string; password: string; caCertPath: string }[] };
      expect(emulators.map((e) => e.vendor)).toEqual(["spp", "vspc", "sdp", "nsx", "scp"]);
      expect(emulators[0].url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(emulators[0].username).toBe("admin");
      expect(readFileSync(emulators[0].caCertPath, "utf8")).toContain("BEGIN CERTIFICATE");
      await running!.stop();
      expect(existsSync(emulators[0].caCertPath)).toBe(false);
    } finally {
      await running?.stop().catch(() => undefined);
    }
  });

  it("prints ready-to-paste config commands in text mode, and serves plain HTTP with --http", async () => {
    let printed = "";
    const running = await runCli(["--http"], (t) => (printed += t));
    try {
      expect(printed).toMatch(/spp: http:\/\/127\.0\.0\.1:\d+/);
      expect(printed).toContain("pulumi config set --secret spp:password emulator-spp-password");
      expect(printed).not.toContain("caCert");
    } finally {
      await running?.stop();
    }
  });

  it("rejects a bad port", async () => {
    await expect(runCli(["--port-base", "x"], () => undefined)).rejects.toThrow(/--port-base must be a port number/);
  });

  it("--help prints the usage to stdout and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${USAGE}\n`);
    for (const flag of ["--host", "--port-base", "--spp-port", "--vspc-port", "--sdp-port", "--nsx-port", "--scp-port", "--seed", "--http", "--json", "--help"]) expect(USAGE).toContain(flag);
    expect(r.err).toBe("");
  });

  it.each([[["--no-such-flag"]], [["--spp-port", "abc"]], [["--scp-port", "70000"]], [["--port-base"]], [["--port-base", "-1"]], [["stray"]], [["--host", ""]], [["--http=yes"]]])("a bad or unknown flag (%j) prints the usage to stderr and exits 2", async (argv) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^backup-infra-emulators: .+\n/);
    expect(r.err).toContain(USAGE);
  });

  it("--host and a port per vendor put each emulator where asked (the rest on free ports)", async () => {
    const [sppPort, scpPort] = [await freePort(), await freePort()];
    const r = await run(["--json", "--http", "--host", "127.0.0.1", "--spp-port", String(sppPort), "--scp-port", String(scpPort)]);
    try {
      expect(r.code, r.err).toBe(0);
      const { emulators } = JSON.parse(r.out) as { emulators: { vendor: string; url: string }[] };
      const url = (vendor: string): string => emulators.find((e) => e.vendor === vendor)!.url;
      expect(url("spp")).toBe(`http://127.0.0.1:${sppPort}`);
      expect(url("scp")).toBe(`http://127.0.0.1:${scpPort}`);
      expect(url("nsx")).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await r.stop();
    }
  });

  it("every control-API hint it prints answers, and so does every GET endpoint each lists", async () => {
    const r = await run(["--http"]);
    try {
      const hints = [...r.out.matchAll(/^ {2}control: +(\S+)$/gm)].map((m) => m[1]);
      expect(hints).toHaveLength(5);
      for (const hint of hints) {
        const index = await fetch(hint);
        expect(index.status, hint).toBe(200);
        const { endpoints } = (await index.json()) as { endpoints: string[] };
        expect(endpoints).toContain("POST /_emulator/seed");
        for (const endpoint of endpoints.filter((e) => e.startsWith("GET "))) {
          const target = new URL(endpoint.slice(4), hint).toString();
          expect((await fetch(target)).status, target).toBe(200);
        }
      }
    } finally {
      await r.stop();
    }
  });

  it("--seed loads objects at start: the estate's SCP source VM exists with the id the file gives", async () => {
    const seed = seedFile({
      scp: { servers: [{ id: "vm-proxy-template", name: "proxy-template" }], images: [{ name: "base", sourceVmId: "vm-proxy-template" }] },
      spp: { identityUsers: [{ name: "ops", username: "ops", password: "ops-password-1" }] },
      nsx: { groups: [{ groupId: "g1", map: [] }] },
      sdp: { contracts: [{ contractYear: 1, startInMonths: -1, cores: 16 }] },
      vspc: { adminApiKeys: [{}] },
    });
    const r = await run(["--json", "--http", "--seed", seed.path]);
    try {
      expect(r.code, r.err).toBe(0);
      const { emulators } = JSON.parse(r.out) as { emulators: { vendor: string; controlUrl: string; seeded?: Record<string, unknown[]> }[] };
      const scp = emulators.find((e) => e.vendor === "scp")!;
      expect(scp.seeded).toEqual({ servers: ["vm-proxy-template"], images: [expect.any(String)] });
      const inventory = (await (await fetch(new URL("inventory", scp.controlUrl))).json()) as { servers: { id: string; name: string }[] };
      expect(inventory.servers).toEqual([expect.objectContaining({ id: "vm-proxy-template", name: "proxy-template" })]);
      expect(emulators.find((e) => e.vendor === "vspc")!.seeded!.adminApiKeys).toHaveLength(1);
      expect(emulators.find((e) => e.vendor === "sdp")!.seeded).toEqual({ contracts: 1 });
    } finally {
      await r.stop();
      seed.remove();
    }
  });

  it.each([
    [{ scp: { servers: [{ id: "vm-1" }] } }, /: scp\.servers\.0\.name: /],
    [{ scp: { servers: [{ name: "x", id: "has space" }] } }, /: scp\.servers\.0\.id: /],
    [{ sdp: { contracts: [{ contractYear: 1, startInMonths: 0, cores: "16" }] } }, /: sdp\.contracts\.0\.cores: /],
    [{ scpp: {} }, /: \(root\): /],
    ["{not json", /: not JSON/],
  ])("a bad seed file (%j) exits 2 naming the file and the bad field, and starts nothing", async (content, reason) => {
    const seed = seedFile(content);
    try {
      const r = await run(["--http", "--seed", seed.path]);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toContain(`--seed ${seed.path}`);
      expect(r.err.split("\n")[0]).toMatch(reason);
      expect(r.err).toContain(USAGE);
    } finally {
      seed.remove();
    }
  });

  it("a seed file that is not there exits 2", async () => {
    const r = await run(["--seed", join(tmpdir(), "no-such-seed-file.json")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--seed .*no-such-seed-file\.json: cannot read it/);
  });
});
