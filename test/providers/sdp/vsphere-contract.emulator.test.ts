import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSdpEmulator, type SdpEmulator } from "../../../emulators";
import { closeAllAgents } from "../../../providers/core/transport";
import { resetSdpClients } from "../../../providers/sdp/client";
import { provider } from "../../../providers/sdp/vsphere-contract.provider";
import { configureSdp } from "./setup";

let emu: SdpEmulator;

beforeEach(async () => {
  emu = await startSdpEmulator({ tls: false });
  resetSdpClients();
  configureSdp(emu);
});
afterEach(async () => {
  await closeAllAgents();
  await emu.close();
});

const contractCalls = () =>
  emu
    .requests()
    .filter((r) => r.path.endsWith("/vsphere_contracts") && r.method !== "GET")
    .map((r) => [r.method, (r.body as { vsphere_contract: Record<string, unknown> }).vsphere_contract]);

interface Step {
  op: "create" | "update" | "renewal" | "delete";
  inputs?: Record<string, unknown>;
  calls: [string, Record<string, unknown>][];
  contracts: Record<string, unknown>[];
}

interface SeedCase {
  name: string;
  setup(emu: SdpEmulator): void;
  steps: Step[];
}

const CASES: SeedCase[] = [
  {
    name: "1. no contract, or not started yet",
    setup: () => undefined,
    steps: [
      { op: "create", inputs: { contractYear: 1, cores: 16 }, calls: [["POST", { contract_year: 1, cores: 16 }]], contracts: [{ contract_year: 1, cores: 0, pending_cores: 16, contract_renewal: false }] },
      { op: "update", inputs: { contractYear: 1, cores: 24 }, calls: [["POST", { contract_year: 1, cores: 24 }]], contracts: [{ contract_year: 1, pending_cores: 24 }] },
      { op: "renewal", inputs: { contractYear: 1, cores: 24, contractRenewal: true }, calls: [["PUT", { contract_year: 1, contract_renewal: true }]], contracts: [{ contract_year: 1, contract_renewal: true }] },
      { op: "delete", calls: [["POST", { contract_year: 1, cores: 0 }]], contracts: [] },
    ],
  },
  {
    name: "2. started, not in its final month",
    setup: (e) => e.seedContract({ contractYear: 1, startInMonths: -3, cores: 16 }),
    steps: [
      { op: "create", inputs: { contractYear: 1, cores: 32 }, calls: [["POST", { contract_year: 1, cores: 32 }]], contracts: [{ cores: 16, pending_cores: 32, cores_in_next_month: 48 }] },
      { op: "update", inputs: { contractYear: 1, cores: 40 }, calls: [["POST", { contract_year: 1, cores: 40 }]], contracts: [{ cores: 16, pending_cores: 40 }] },
      { op: "renewal", inputs: { contractYear: 1, cores: 40, contractRenewal: true }, calls: [["PUT", { contract_year: 1, contract_renewal: true }]], contracts: [{ contract_renewal: true }] },
      {
        op: "delete",
        calls: [
          ["POST", { contract_year: 1, cores: 0 }],
          ["PUT", { contract_year: 1, contract_renewal: false }],
        ],
        contracts: [{ cores: 16, pending_cores: 0, contract_renewal: false }],
      },
    ],
  },
  {
    name: "3. in its final month",
    setup: (e) => e.seedContract({ contractYear: 1, startInMonths: -11, cores: 16, renewal: false }),
    steps: [
      {
        op: "create",
        inputs: { contractYear: 1, cores: 20 },
        calls: [
          ["PUT", { contract_year: 1, contract_renewal: true }],
          ["POST", { contract_year: 1, cores: 20 }],
        ],
        contracts: [{ cores: 16, contract_renewal: true }, { cores: 0, pending_cores: 20 }],
      },
      { op: "update", inputs: { contractYear: 1, cores: 24 }, calls: [["POST", { contract_year: 1, cores: 24 }]], contracts: [{ cores: 16 }, { pending_cores: 24 }] },
      { op: "renewal", inputs: { contractYear: 1, cores: 24, contractRenewal: true }, calls: [], contracts: [{ contract_renewal: true }, { pending_cores: 24 }] },
      {
        op: "delete",
        calls: [
          ["PUT", { contract_year: 1, contract_renewal: false }],
          ["POST", { contract_year: 1, cores: 0 }],
        ],
        contracts: [{ cores: 16, contract_renewal: false }],
      },
    ],
  },
];

describe("SdpVsphereContract: the seed's three cases", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, seedCase) => {
    seedCase.setup(emu);
    let state: { id: string; outs: Record<string, unknown> } | undefined;
    for (const step of seedCase.steps) {
      emu.clearLog();
      if (step.op === "create") {
        const made = await provider.create({ ...step.inputs, __provider: "shim" });
        state = { id: made.id, outs: made.outs ?? {} };
      } else if (step.op === "delete") {
        await provider.delete!(state!.id, state!.outs);
      } else {
        const updated = await provider.update!(state!.id, state!.outs, { ...step.inputs, __provider: "shim" });
        state = { id: state!.id, outs: updated.outs ?? {} };
      }
      expect(contractCalls(), `${step.op}: requests`).toEqual(step.calls);
      const contracts = emu.contracts();
      expect(contracts, `${step.op}: contracts`).toHaveLength(step.contracts.length);
      step.contracts.forEach((wanted, i) => expect(contracts[i], `${step.op}: contract ${i}`).toMatchObject(wanted));
    }
  });

  it("reports the contract's phase and months as outputs, and reads it as expired once its term has ended", async () => {
    const made = await provider.create({ contractYear: 3, cores: 8, __provider: "shim" });
    expect(made.outs).toMatchObject({ contractCase: "none-or-not-started", pendingCores: 8, coresInNextMonth: 8, allServerCores: 0 });
    expect(String(made.outs?.endMonth) > String(made.outs?.startMonth)).toBe(true);
    emu.advanceMonths(2);
    expect((await provider.read!(made.id, made.outs!)).props).toMatchObject({ contractCase: "started", currentCores: 8, pendingCores: 0 });
    emu.advanceMonths(40);
    expect((await provider.read!(made.id, made.outs!)).props).toMatchObject({ contractCase: "expired", startMonth: made.outs?.startMonth, endMonth: made.outs?.endMonth });
  });

  it("sends nothing for an unknown contract year or a non-positive commitment", async () => {
    for (const [news, property] of [
      [{ contractYear: 2, cores: 8 }, "contractYear"],
      [{ contractYear: 1, cores: 0 }, "cores"],
      [{ contractYear: 1, cores: -4 }, "cores"],
      [{ contractYear: 1, cores: 1.5 }, "cores"],
    ] as [Record<string, unknown>, string][]) {
      expect(((await provider.check!({}, news)).failures ?? []).map((f) => f.property)).toEqual([property]);
    }
    expect(emu.requests()).toHaveLength(0);
  });
});
