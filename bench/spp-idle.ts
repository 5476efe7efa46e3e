import type { SppEmulator } from "../emulators";

/** Waits (at most 10 s) until the SPP emulator runs no inventory, so that the next registration starts a run of its own. */
export async function sppInventoryIdle(spp: Pick<SppEmulator, "inventory">): Promise<void> {
  for (let i = 0; i < 200 && spp.inventory().inventoryRuns.some((r) => r.status === "RUNNING"); i++) await new Promise((resolve) => setTimeout(resolve, 50));
}
