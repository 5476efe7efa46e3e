import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startSdpEmulator, type SdpEmulator } from "../../../emulators";
import { closeAllAgents } from "../../../providers/core/transport";
import { resetSdpClients } from "../../../providers/sdp/client";
import { currentMonth } from "../../../providers/sdp/contract-month";
import { provider } from "../../../providers/sdp/vsphere-contract.provider";
import { configureSdp } from "./setup";

let emu: SdpEmulator;
let stderr: string[];

beforeEach(async () => {
  emu = await startSdpEmulator({ tls: false });
  resetSdpClients();
  configureSdp(emu);
  stderr = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await closeAllAgents();
  await emu.close();
});

type Props = Record<string, unknown>;
const posts = () => emu.requests().filter((r) => r.method === "POST" && r.path.endsWith("/vsphere_contracts"));
const create = (inputs: Props) => provider.create({ ...inputs, __provider: "shim" });
/** A 1-year contract signed now (starting next month) and the emulated calendar moved past its end month. */
async function expiredContract(): Promise<{ id: string; outs: Props }> {
  const made = await create({ contractYear: 1, cores: 16 });
  emu.advanceMonths(14);
  const read = await provider.read!(made.id, made.outs!);
  emu.clearLog();
  return { id: made.id, outs: read.props! };
}

describe("SdpVsphereContract: expired contracts", () => {
  it("refresh reports a contract that ran to its end as expired, not as gone (a gone one would be signed again by the next up)", async () => {
    const made = await create({ contractYear: 1, cores: 16 });
    emu.advanceMonths(14);
    const read = await provider.read!(made.id, made.outs!);
    expect(read.id).toBe(made.id);
    expect(read.props).toMatchObject({ contractCase: "expired", startMonth: made.outs?.startMonth, endMonth: made.outs?.endMonth, currentCores: 0, pendingCores: 0, coresInNextMonth: 0 });
  });

  it("a contract cancelled out of band before its end still reads as gone", async () => {
    const made = await create({ contractYear: 1, cores: 16 });
    emu.advanceMonths(2);
    emu.removeContract(1);
    expect(await provider.read!(made.id, made.outs!)).toEqual({});
  });

  it("diff never throws on an expired contract (the engine diffs during refresh too): it is an update, and the preview line names the case and the way out", async () => {
    const { id, outs } = await expiredContract();
    expect(await provider.diff!(id, outs, { contractYear: 1, cores: 16 })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(stderr.join("")).toMatch(
      /warn SdpVsphereContract: 1-year: diff \(months in Asia\/Tokyo, now \d{4}-\d{2}\): the contract ended with \d{4}-\d{2} .*expired.*Set renewExpired: true to sign a new 1-year contract, or remove the resource/,
    );
    expect(await provider.diff!(id, outs, { contractYear: 1, cores: 16, renewExpired: true })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(stderr.join("")).toMatch(/info SdpVsphereContract: 1-year: diff .*\(expired\): renewExpired signs a new contract from/);
    expect(posts()).toEqual([]);
  });

  it("update signs the successor only with renewExpired: true", async () => {
    const { id, outs } = await expiredContract();
    // Named once, by the kernel (an earlier release's message began with its own `SdpVsphereContract 1-year:`).
    await expect(provider.update!(id, outs, { contractYear: 1, cores: 24, __provider: "shim" })).rejects.toThrow(
      /^SdpVsphereContract "1-year" update failed: the contract ended with \d{4}-\d{2} \(months in Asia\/Tokyo; it is \d{4}-\d{2} there\) and has expired\. .*Set renewExpired: true/,
    );
    expect(posts()).toEqual([]);
    // A state recorded before the end (no refresh since) is found expired by update too.
    await expect(provider.update!(id, { ...outs, contractCase: "started" }, { contractYear: 1, cores: 24, __provider: "shim" })).rejects.toThrow(/renewExpired/);
    expect(posts()).toEqual([]);
    const renewed = await provider.update!(id, outs, { contractYear: 1, cores: 24, renewExpired: true, __provider: "shim" });
    expect(posts().map((r) => r.body)).toEqual([{ vsphere_contract: { contract_year: 1, cores: 24 } }]);
    expect(renewed.outs).toMatchObject({ contractCase: "none-or-not-started", pendingCores: 24 });
    expect(String(renewed.outs?.startMonth) > String(outs.endMonth)).toBe(true);
  });

  it("destroy of an expired contract sends nothing", async () => {
    const { id, outs } = await expiredContract();
    await provider.delete!(id, outs);
    expect(emu.requests().filter((r) => r.method !== "GET" && !r.path.endsWith("/auth/tokens"))).toEqual([]);
    expect(stderr.join("")).toMatch(/ended with \d{4}-\d{2}: nothing to remove/);
  });

  it("reads a contract the API still lists after its end month as expired", async () => {
    const made = await create({ contractYear: 1, cores: 16 });
    const ended = { contract_year: 1, contract_renewal: false, cores: 16, start_month: "2020-01", end_month: "2020-12", pending_cores: 0, cores_in_next_month: 0 };
    emu.addFaults([{ method: "GET", path: "/v1.0/:tenantId/vsphere_contracts", kind: { type: "status", status: 200, body: { vsphere_contracts: [ended], all_server_cores: 0, vsphere_contracts_histories: [] } } }]);
    expect((await provider.read!(made.id, made.outs!)).props).toMatchObject({ contractCase: "expired", startMonth: "2020-01", endMonth: "2020-12" });
  });
});

describe("SdpVsphereContract: preview names the seed's case", () => {
  const olds = (startMonth: string, endMonth: string, extra: Props = {}): Props => ({ contractYear: 1, cores: 16, startMonth, endMonth, contractCase: "started", contractRenewal: false, ...extra });
  const at = (iso: string) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(iso));
  };

  it.each([
    ["1 (not started yet)", olds("2027-01", "2027-12", { contractCase: "none-or-not-started" }), /case 1 of the reference \(no contract, or not started yet\)/],
    ["2 (started, not in its final month)", olds("2026-06", "2027-05"), /case 2 of the reference \(started, not in its final month; runs until 2027-05\)/],
    ["3 (final month)", olds("2026-01", "2026-12"), /case 3 of the reference \(final month 2026-12\)/],
  ])("case %s", async (_name, recorded, line) => {
    at("2026-12-10T03:00:00Z");
    expect(await provider.diff!("vsphere-contract-1", recorded, { contractYear: 1, cores: 24 })).toMatchObject({ changes: true });
    expect(stderr.join("")).toMatch(line);
  });

  it("counts months in Asia/Tokyo by default: 2026-11-30T15:30Z is December there, so a term ending 2026-11 has expired", async () => {
    at("2026-11-30T15:30:00Z");
    const recorded = olds("2025-12", "2026-11");
    expect(await provider.diff!("vsphere-contract-1", recorded, { contractYear: 1, cores: 16 })).toMatchObject({ changes: true });
    expect(stderr.join("")).toMatch(/ended with 2026-11 \(months in Asia\/Tokyo; it is 2026-12 there\)/);
    // In UTC it is still the final month.
    expect(await provider.diff!("vsphere-contract-1", recorded, { contractYear: 1, cores: 16, timeZone: "UTC" })).toMatchObject({ changes: false });
    expect(stderr.join("")).toMatch(/case 3 of the reference \(final month 2026-11\)/);
  });

  it("takes the time zone from sdp:contractTimeZone when the input leaves it out", async () => {
    at("2026-11-30T15:30:00Z");
    configureSdp(emu, { "sdp:contractTimeZone": "UTC" });
    expect(await provider.diff!("vsphere-contract-1", olds("2025-12", "2026-11"), { contractYear: 1, cores: 16 })).toMatchObject({ changes: false });
  });
});

describe("SdpVsphereContract: the contract month", () => {
  it("is the month in the time zone, at the boundary", () => {
    const instant = new Date("2026-11-30T15:30:00Z");
    expect(currentMonth(instant)).toBe("2026-12");
    expect(currentMonth(instant, "Asia/Tokyo")).toBe("2026-12");
    expect(currentMonth(instant, "UTC")).toBe("2026-11");
    expect(currentMonth(new Date("2026-12-31T14:59:59Z"))).toBe("2026-12");
    expect(currentMonth(new Date("2026-12-31T15:00:00Z"))).toBe("2027-01");
  });

  it("follows the API's clock: a contract signed at 2026-11-30T15:30Z (December in Tokyo) starts 2027-01", async () => {
    emu.setClock(Date.parse("2026-11-30T15:30:00Z"));
    const made = await create({ contractYear: 1, cores: 8 });
    expect(made.outs).toMatchObject({ contractCase: "none-or-not-started", startMonth: "2027-01", endMonth: "2027-12" });
  });

  it("reads a term that ended with 2026-11 as expired at 2026-11-30T15:30Z in Tokyo, and as in its final month in UTC", async () => {
    emu.setClock(Date.parse("2026-11-30T15:30:00Z"));
    emu.seedContract({ contractYear: 1, startInMonths: -12, cores: 16 });
    const recorded = { contractYear: 1, cores: 16, startMonth: "2025-12", endMonth: "2026-11", contractCase: "started", contractRenewal: false };
    expect((await provider.read!("vsphere-contract-1", recorded)).props).toMatchObject({ contractCase: "expired", endMonth: "2026-11" });
    const utc = await startSdpEmulator({ tls: false, knobs: { timeZone: "UTC" } });
    try {
      resetSdpClients();
      configureSdp(utc);
      utc.setClock(Date.parse("2026-11-30T15:30:00Z"));
      utc.seedContract({ contractYear: 1, startInMonths: -11, cores: 16 });
      expect((await provider.read!("vsphere-contract-1", { ...recorded, timeZone: "UTC" })).props).toMatchObject({ contractCase: "final-month", endMonth: "2026-11" });
    } finally {
      await utc.close();
    }
  });

  it("refuses a time zone that is not an IANA name, before any request", async () => {
    expect(((await provider.check!({}, { contractYear: 1, cores: 8, timeZone: "Tokyo/Somewhere" })).failures ?? []).map((f) => f.property)).toEqual(["timeZone"]);
    configureSdp(emu, { "sdp:contractTimeZone": "Mars/Olympus" });
    expect((await provider.check!({}, { contractYear: 1, cores: 8 })).failures).toEqual([{ property: "timeZone", reason: expect.stringMatching(/sdp:contractTimeZone "Mars\/Olympus" is not a time zone/) }]);
    expect(emu.requests()).toHaveLength(0);
  });
});

describe("SdpVsphereContract: contract years", () => {
  it("accepts the terms the API documents, 1 and 3 years (nttcom/eclsdk _proxy.py: 'You can specify 1 or 3'), and names them when refused", async () => {
    for (const contractYear of [1, 3]) expect((await provider.check!({}, { contractYear, cores: 8 })).failures ?? []).toEqual([]);
    for (const contractYear of [0, 2, 5, "1"]) {
      expect((await provider.check!({}, { contractYear, cores: 8 })).failures).toEqual([{ property: "contractYear", reason: "must be 1 or 3 (years): the terms SDP offers" }]);
    }
  });
});
