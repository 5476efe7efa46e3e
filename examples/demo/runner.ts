import type { ConfigEntry } from "./stack-config";

/** What one `up` did: each resource's operation, and the stack outputs afterwards. */
export interface UpSummary {
  changes: Record<string, number>;
  outputs: Record<string, unknown>;
}

/** The demo's steps run the same way through the Pulumi CLI or through the harness. */
export interface DemoRunner {
  readonly name: string;
  setConfig(config: Record<string, ConfigEntry>): Promise<void>;
  up(): Promise<UpSummary>;
  destroy(): Promise<void>;
  close(): Promise<void>;
}
