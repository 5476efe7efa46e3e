import { OPS, scpBackupProxyImage, scpBackupProxyVm, sdpLicense, sdpServer, sdpVcenter, sdpVsphereContract, sppHypervisor, type Fixture, type Op, type Props, type Refs, vspcApiKey, vspcCompany } from "../test/fixtures";
import { declareResource } from "../test/fixtures/declare";
import type { Estate, Vendor } from "./estate";
import { sppInventoryIdle } from "./spp-idle";

export { OPS, type Op };

/**
 * One resource type driven through create, read, update and delete: its fixture (test/fixtures/),
 * and what the bench adds: how often, which operations' times include waits, what is reported.
 */
export interface Subject {
  /** Row label: the resource type, with a variant in brackets. */
  label: string;
  type: string;
  vendor: Vendor;
  /** Declares one resource of the type under setMocks, for its serialised `__provider`. */
  declare(): void;
  /** The inputs of the `i`-th resource (plain, as the engine sends them, without `__provider`). */
  args(i: number): Props;
  /** The inputs after the in-place update (the fixture's; unchanged for a type that updates nothing in place). */
  update(inputs: Props): Props;
  /** Operations that wait for the server (status polls): their time includes the waiter's sleeps. */
  waits: readonly Op[];
  /** Operations reported (default: all four). */
  report?: readonly Op[];
  /** Measured lifecycles (after one warm-up). */
  iterations: number;
  /** Runs before each create. */
  before?(estate: Estate): Promise<void>;
}

const TIMEOUTS = { create: "2m", update: "2m", delete: "2m" };

interface Options {
  label?: string;
  /** The objects' names: `<prefix>-<i>`. */
  prefix?: string;
  /** Inputs of a variant (e.g. waiting for a vendor task). */
  variant?(inputs: Props): Props;
  waits: readonly Op[];
  report?: readonly Op[];
  iterations: number;
  before?(estate: Estate): Promise<void>;
}

function subject(f: Fixture, refs: Refs, o: Options): Subject {
  const variant = o.variant ?? ((inputs: Props) => inputs);
  return {
    label: o.label ?? f.type,
    type: f.type,
    vendor: f.vendor,
    declare: () => declareResource(f),
    args: (i) => ({ ...variant(f.args(`${o.prefix ?? "bench"}-${i}`, refs, i)), timeouts: TIMEOUTS }),
    update: (inputs) => (f.update ? f.update.apply(inputs) : inputs),
    waits: o.waits,
    report: o.report,
    iterations: o.iterations,
    before: o.before,
  };
}

/** What the estate holds for the subjects: `refs` names an existing user, a source VM and an image. */
export function subjects(refs: Refs): Subject[] {
  return [
    subject(sppHypervisor, refs, { waits: [], iterations: 10 }),
    subject(sppHypervisor, refs, {
      label: "SppHypervisor (waitForInventory)",
      prefix: "bench-inventory",
      variant: sppHypervisor.tasks.waiting,
      waits: ["create"],
      report: ["create"],
      iterations: 3,
      before: (estate) => sppInventoryIdle(estate.spp),
    }),
    subject(vspcCompany, refs, { waits: [], iterations: 10 }),
    subject(vspcApiKey, refs, { waits: [], iterations: 10 }),
    subject(sdpServer, refs, { waits: ["create", "delete"], iterations: 3 }),
    subject(sdpLicense, refs, { waits: [], iterations: 10 }),
    subject(sdpVcenter, refs, { waits: [], iterations: 10 }),
    subject(sdpVsphereContract, refs, { waits: [], iterations: 10 }),
    subject(scpBackupProxyImage, refs, { waits: ["create", "delete"], iterations: 5 }),
    subject(scpBackupProxyVm, refs, { waits: ["create", "update", "delete"], iterations: 5 }),
  ];
}

export function urnOf(s: Pick<Subject, "type" | "vendor">, name: string): string {
  return `urn:pulumi:bench::backup-infra::pulumi-nodejs:dynamic/${s.vendor}:${s.type}::${name}`;
}
