import { startEstate } from "./estate";
import { OP_KNOBS } from "./knobs";
import { runLifecycles, type OpSample } from "./lifecycles";
import { minimums, type MinimumTable } from "./minimums";
import { captureProviderTexts } from "./provider-texts";
import { PLACEHOLDER_REFS, scpBackupProxyImage } from "../test/fixtures";
import { subjects, urnOf, type Subject } from "./subjects";

export interface OperationsMeasurement {
  subjects: Subject[];
  samples: OpSample[];
  minimums: MinimumTable;
}

export const READS_PER_TYPE = 50;
const BUDGET_MS = 150_000;

/** Every resource type's create, read, update and delete through the provider host against the emulators. */
export async function measureOperations(): Promise<OperationsMeasurement> {
  const texts = await captureProviderTexts(subjects(PLACEHOLDER_REFS));
  const estate = await startEstate(OP_KNOBS);
  try {
    const scpSourceVmId = estate.scp.seedServer({ name: "bench-template", osName: "Backup Proxy" });
    const image = await estate.host.create(urnOf(scpBackupProxyImage, "fixture"), {
      ...scpBackupProxyImage.args("bench-fixture-image", { ...PLACEHOLDER_REFS, scpSourceVmId }),
      __provider: texts.get(scpBackupProxyImage.type),
    });
    const list = subjects({ ...PLACEHOLDER_REFS, vspcUserUid: estate.vspc.adminUserUid, scpSourceVmId, scpImageId: image.id });
    const samples = await runLifecycles(estate, list, texts, { reads: READS_PER_TYPE, budgetMs: BUDGET_MS });
    return { subjects: list, samples, minimums: minimums(OP_KNOBS) };
  } finally {
    await estate.close();
  }
}
