import { startAllEmulators, type AllEmulators } from "../../emulators";
import { setStackConfig } from "../../providers/core/config";
import { closeAllAgents } from "../../providers/core/transport";
import { isRequired } from "../../providers/plugin/schema/types";
import { IMPLEMENTATIONS } from "../../providers/implementations";
import { PLACEHOLDER_REFS, scpBackupProxyImage, sdpServer, vspcCompany, type Fixture, type Refs } from "../fixtures";

export const implementationOf = (f: Fixture): (typeof IMPLEMENTATIONS)[number] => {
  const found = IMPLEMENTATIONS.find((m) => m.descriptor.type.name === f.type);
  if (!found) throw new Error(`no implementation of ${f.type}`);
  return found;
};

/**
 * The inputs an import of `f` leaves to the program: required, write-only (the vendor never shows
 * them: a password, the VM an image was made from, a local file) and not among the `proposed`
 * inputs. Check refuses their absence, so `pulumi import` warns and the program adds them (a
 * secret from secret config); diff takes them without a change.
 */
export const unrevealable = (f: Fixture, proposed: Record<string, unknown>): string[] => {
  const d = implementationOf(f).descriptor;
  return d.writeOnly.filter((k) => isRequired(d.inputs[k].schema) && !(k in proposed));
};

/** The vendors' stack config of the emulators (`spp:url` …), as the dynamic providers read it. */
export const vendorConfig = (e: AllEmulators): Record<string, string> => ({ ...e.spp.stackConfig(), ...e.vspc.stackConfig(), ...e.sdp.stackConfig(), ...e.scp.stackConfig(), ...e.nsx.stackConfig() });

/**
 * Objects that exist before any stack knows them, as `pulumi import` finds them: the emulators
 * (short waits), the refs the fixtures name, and `make`, which creates an object of a type with its
 * provider in this process, no engine involved.
 */
export interface OutsideObjects {
  emulators: AllEmulators;
  refs: Refs;
  make(f: Fixture, name: string): Promise<{ id: string; outs: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function openOutsideObjects(): Promise<OutsideObjects> {
  const emulators = await startAllEmulators({ tls: true });
  const config = vendorConfig(emulators);
  setStackConfig({ get: (key) => config[key] });
  emulators.spp.setKnobs({ inventoryMs: 20 });
  emulators.vspc.setKnobs({ asyncMs: 20 });
  emulators.sdp.setKnobs({ buildMs: 50, deleteMs: 20, jobMs: 20 });
  emulators.scp.setKnobs({ taskMs: 20, vmtoolsMs: 20, exportBytes: 4_096 });
  const refs: Refs = { ...PLACEHOLDER_REFS };
  const make = async (f: Fixture, name: string): Promise<{ id: string; outs: Record<string, unknown> }> => {
    const made = await implementationOf(f).provider.create(f.args(name, refs));
    return { id: made.id, outs: made.outs as Record<string, unknown> };
  };
  refs.vspcUserUid = String((await make(vspcCompany, "key-owner")).outs.ownerUserUid);
  refs.scpSourceVmId = emulators.scp.seedServer({ name: "template" });
  refs.scpImageId = (await make(scpBackupProxyImage, "proxy-image")).id;
  refs.sdpServerId = (await make(sdpServer, "license-host")).id;
  return {
    emulators,
    refs,
    make,
    close: async () => {
      setStackConfig(undefined);
      await closeAllAgents();
      await emulators.close();
    },
  };
}
