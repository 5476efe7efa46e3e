import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../../emulators/cli";

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
});
