import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { VmGroupExecutionDetails } from "../../../providers/nsx/execution-details";
import { planVnicBackings, type DvPortGroup, type VmVnics } from "../../../providers/nsx/plan";

const VM = "52630e5d-ce6f-fac0-424c-4aa4bdf6bd56";
const details: VmGroupExecutionDetails = {
  logicalSwitchIdToVmInstanceIdAndVnicsMap: [
    { lsId: "ls-web", vmAndVnicsMapping: [{ vmInstanceId: VM, vnics: ["4001"] }] },
    { lsId: "ls-db", vmAndVnicsMapping: [{ vmInstanceId: VM, vnics: ["4002"] }] },
  ],
  failedVmInstanceIds: [],
};
const vms: VmVnics[] = [{ vmInstanceUuid: VM, vnicKeys: [4000, 4001, 4002] }];
const portGroups: DvPortGroup[] = [
  { key: "dvportgroup-10", backingType: "nsx", logicalSwitchUuid: "ls-web", switchUuid: "50 2b a1 vds" },
  { key: "dvportgroup-11", backingType: "nsx", logicalSwitchUuid: "ls-db", switchUuid: "50 2b a1 vds" },
  { key: "dvportgroup-12", backingType: "standard", logicalSwitchUuid: "ls-web", switchUuid: "other" },
  { key: "dvportgroup-13", backingType: "nsx", logicalSwitchUuid: " ", switchUuid: "blank" },
];

describe("planVnicBackings", () => {
  it("VDS 6.x: opaque-network backing on the logical switch, VIF id as externalId, unmapped vNICs skipped", () => {
    expect(planVnicBackings(details, { vds: "6.x" }, vms)).toEqual({
      vnics: [
        { vmInstanceUuid: VM, vnicKey: 4001, externalId: `${VM}:4001`, lsId: "ls-web", backing: { type: "opaqueNetwork", opaqueNetworkId: "ls-web", opaqueNetworkType: "nsx.LogicalSwitch" } },
        { vmInstanceUuid: VM, vnicKey: 4002, externalId: `${VM}:4002`, lsId: "ls-db", backing: { type: "opaqueNetwork", opaqueNetworkId: "ls-db", opaqueNetworkType: "nsx.LogicalSwitch" } },
      ],
      skipped: [{ vmInstanceUuid: VM, vnicKey: 4000 }],
    });
  });

  it("VDS 7+: the NSX-backed DVPG of the logical switch (port group key + switch uuid)", () => {
    const plan = planVnicBackings(details, { vds: "7+", portGroups }, vms);
    expect(plan.vnics.map((v) => [v.externalId, v.backing])).toEqual([
      [`${VM}:4001`, { type: "distributedVirtualPort", portgroupKey: "dvportgroup-10", switchUuid: "50 2b a1 vds" }],
      [`${VM}:4002`, { type: "distributedVirtualPort", portgroupKey: "dvportgroup-11", switchUuid: "50 2b a1 vds" }],
    ]);
  });

  it("names the logical switch that has no NSX-backed DVPG", () => {
    expect(() => planVnicBackings(details, { vds: "7+", portGroups: portGroups.slice(0, 1) }, vms)).toThrow(
      `no NSX-backed distributed port group in the target vCenter for logical switch ls-db (needed by VM ${VM} vNIC 4002)`,
    );
  });

  const world = fc
    .record({
      ls: fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 5 }),
      vms: fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 6 }),
    })
    .chain(({ ls, vms: ids }) =>
      fc.record({
        ls: fc.constant(ls),
        vms: fc.constant(ids),
        nics: fc.array(fc.record({ vm: fc.constantFrom(...ids), key: fc.integer({ min: 4000, max: 4010 }), ls: fc.option(fc.constantFrom(...ls), { nil: undefined }) }), { maxLength: 30 }),
      }),
    );

  it("gives every mapped vNIC exactly one backing and every unmapped one none (both VDS kinds)", () => {
    fc.assert(
      fc.property(world, fc.boolean(), ({ ls, vms: ids, nics }, vds7) => {
        const mapping = new Map<string, string>();
        for (const n of nics) if (n.ls && !mapping.has(`${n.vm}:${n.key}`)) mapping.set(`${n.vm}:${n.key}`, n.ls);
        const d: VmGroupExecutionDetails = {
          logicalSwitchIdToVmInstanceIdAndVnicsMap: ls.map((lsId) => ({
            lsId,
            vmAndVnicsMapping: ids.map((vm) => ({ vmInstanceId: vm, vnics: [...mapping].filter(([k, v]) => v === lsId && k.startsWith(`${vm}:`)).map(([k]) => k.split(":")[1]) })),
          })),
          failedVmInstanceIds: [],
        };
        const inventory: VmVnics[] = ids.map((vm) => ({ vmInstanceUuid: vm, vnicKeys: [...new Set(nics.filter((n) => n.vm === vm).map((n) => n.key))] }));
        const target = vds7 ? { vds: "7+" as const, portGroups: ls.map((l, i) => ({ key: `pg-${i}`, backingType: "nsx", logicalSwitchUuid: l, switchUuid: "vds-1" })) } : { vds: "6.x" as const };
        const plan = planVnicBackings(d, target, inventory);
        const planned = plan.vnics.map((v) => v.externalId);
        const all = inventory.flatMap((vm) => vm.vnicKeys.map((k) => `${vm.vmInstanceUuid}:${k}`));
        expect(new Set(planned).size).toBe(planned.length);
        for (const id of all) {
          const mapped = mapping.get(id);
          const got = plan.vnics.filter((v) => v.externalId === id);
          if (mapped) {
            expect(got).toHaveLength(1);
            expect(got[0].lsId).toBe(mapped);
          } else {
            expect(got).toHaveLength(0);
            expect(plan.skipped.some((s) => `${s.vmInstanceUuid}:${s.vnicKey}` === id)).toBe(true);
          }
        }
        expect(plan.vnics.length + plan.skipped.length).toBe(all.length);
      }),
      { numRuns: 200 },
    );
  });

  it("is pure: the same input gives the same plan and is not changed", () => {
    const frozen = structuredClone(details);
    const a = planVnicBackings(details, { vds: "7+", portGroups }, vms);
    const b = planVnicBackings(details, { vds: "7+", portGroups }, vms);
    expect(a).toEqual(b);
    expect(details).toEqual(frozen);
  });
});
