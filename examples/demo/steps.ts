import type { DemoRunner, UpSummary } from "./runner";
import { DEMO_CHANGE, type ConfigEntry } from "./stack-config";

export type Say = (line: string) => void;

function describeChanges(changes: Record<string, number>): string {
  return Object.entries(changes)
    .filter(([, n]) => n > 0)
    .map(([op, n]) => `${n} ${op}`)
    .join(", ");
}

function expectChanges(step: string, summary: UpSummary, wanted: (changes: Record<string, number>) => boolean): void {
  if (!wanted(summary.changes)) throw new Error(`demo step "${step}" did not do what it should: ${describeChanges(summary.changes) || "nothing"}`);
}

/**
 * The demo: apply the estate, show its outputs, apply again to show that nothing changes, change
 * one input to show an in-place update, and destroy. Each step checks what the engine did.
 */
export async function runDemoSteps(runner: DemoRunner, config: Record<string, ConfigEntry>, say: Say): Promise<void> {
  await runner.setConfig(config);

  say("1/4 pulumi up — create the estate");
  const created = await runner.up();
  say(`    ${describeChanges(created.changes)}`);
  for (const [name, value] of Object.entries(created.outputs)) say(`    ${name} = ${JSON.stringify(value)}`);
  expectChanges("create", created, (c) => (c.create ?? 0) > 0);

  say("2/4 pulumi up again — nothing to do");
  const again = await runner.up();
  say(`    ${describeChanges(again.changes)}`);
  expectChanges("no-op", again, (c) => Object.entries(c).every(([op, n]) => op === "same" || n === 0));

  say(`3/4 pulumi config set ${DEMO_CHANGE.key} ${DEMO_CHANGE.value} && pulumi up — an in-place update`);
  await runner.setConfig({ ...config, [DEMO_CHANGE.key]: { value: DEMO_CHANGE.value, secret: false } });
  const updated = await runner.up();
  say(`    ${describeChanges(updated.changes)}`);
  expectChanges("update", updated, (c) => (c.update ?? 0) === 1 && (c.create ?? 0) === 0 && (c.replace ?? 0) === 0);

  say("4/4 pulumi destroy");
  await runner.destroy();
  say("    destroyed");
}
