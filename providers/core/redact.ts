const MASK = "[redacted]";
const MIN_SECRET_LENGTH = 4;
const secrets = new Set<string>();

/**
 * Remembers a secret value for the life of the process so that every message and log line that
 * leaves this package has it masked. Values too short to mask safely are refused by the schemas.
 */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value === "string" && value.length >= MIN_SECRET_LENGTH) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}

/** The same error with secrets masked in its message and stack (the host prints both). */
export function redactError<E>(error: E): E {
  if (error instanceof Error) {
    error.message = redact(error.message);
    if (error.stack) error.stack = redact(error.stack);
    return error;
  }
  return new Error(redact(String(error))) as E;
}
