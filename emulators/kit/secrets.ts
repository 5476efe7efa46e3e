/**
 * Told of every credential or token an emulator holds or hands out. Nobody by default: the
 * emulators ship with the package and know nothing of test suites. The test suite's secrets audit
 * installs a listener (harness/audit-trail.ts `installEmulatorAudit`) and looks for these values
 * in everything a person or the engine could see.
 */
let listener: ((value: string) => void) | undefined;

export function onEmulatorSecret(fn: ((value: string) => void) | undefined): void {
  listener = fn;
}

/** Notes secrets held or issued (an emulator's password, a token it hands out). */
export function noteSecret(...values: (string | undefined | null)[]): void {
  if (!listener) return;
  for (const value of values) if (value) listener(value);
}
