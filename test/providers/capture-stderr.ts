import { afterEach, beforeEach, vi } from "vitest";
import { HEARTBEAT_ENV } from "../../providers/core/heartbeat";

/** Collects what is written to stderr (the providers' log lines) until vi.restoreAllMocks(). */
export function captureStderr(): string[] {
  const chunks: string[] = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return chunks;
}

/**
 * For a heartbeat test file: stderr captured afresh in each test, the mock and any heartbeat
 * interval the test set (`process.env[HEARTBEAT_ENV]`) undone after it. Returns the lines so far.
 */
export function captureLogLinesPerTest(): () => string[] {
  let chunks: string[] = [];
  beforeEach(() => {
    chunks = captureStderr();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    delete process.env[HEARTBEAT_ENV];
  });
  return () => chunks.join("").split("\n").filter(Boolean);
}
