import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { SdpClient } from "../../../providers/sdp/client";

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("SDP connection errors name SDP's own settings", () => {
  it("an unreachable Keystone names sdp:authUrl, the setting its URL comes from", async () => {
    const port = await closedPort();
    const client = new SdpClient("test", { authUrl: `http://127.0.0.1:${port}/v3`, username: "u", password: "secret-pass", tenantId: "t", userDomain: "Default" });
    const error = await client.authenticate().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(`nothing is listening at 127.0.0.1:${port}: check the host and port in sdp:authUrl`);
    expect((error as Error).message).not.toContain("secret-pass");
  });
});
