import { describe, expect, it } from "vitest";
import { redact, redactError, registerSecret } from "../../../providers/core/redact";

describe("redaction", () => {
  it("masks every registered secret, longest first", () => {
    registerSecret("hunter2-long");
    registerSecret("hunter2-long-er");
    expect(redact("a hunter2-long-er b hunter2-long")).toBe("a [redacted] b [redacted]");
  });

  it("leaves values too short to mask safely", () => {
    registerSecret("abc");
    expect(redact("abc")).toBe("abc");
  });

  it("masks messages and stacks of errors", () => {
    registerSecret("s3cr3t-value");
    const error = redactError(new Error("login with s3cr3t-value failed"));
    expect(error.message).toBe("login with [redacted] failed");
    expect(error.stack).not.toContain("s3cr3t-value");
  });
});
