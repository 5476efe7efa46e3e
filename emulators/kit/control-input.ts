import type { z } from "zod";

/** A control request the emulator refuses (HTTP 400 with this one-line reason). */
export class ControlInputError extends Error {
  readonly statusCode = 400;
}

/** One line for the first issue of a zod error: `<field path>: <message>` (`(root)` for the whole value). */
export function zodReason(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid input";
  const path = issue.path.length > 0 ? issue.path.join(".") : "(root)";
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : "";
  return `${path}: ${issue.message}${more}`;
}
