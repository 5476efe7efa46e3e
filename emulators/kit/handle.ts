import type { FaultRule } from "./faults";
import type { RecordedRequest } from "./recorder";

// What a user of the emulators sees, apart from the server (./server.ts): no fastify types here, so
// a program that imports `pulumi-backup-infra/emulators` compiles without loading fastify's.

export const CONTROL_PREFIX = "/_emulator";

export interface BaseKnobs {
  /** Added to every vendor request before it is handled. */
  latencyMs: number;
}

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** HTTPS with a generated self-signed certificate (default) or plain HTTP. */
  tls?: boolean;
  /** The address to listen on; 127.0.0.1 (default). The certificate names it too. */
  host?: string;
}

/** The host part of a URL that reaches `host` (an unspecified address is reached on loopback). */
export function urlHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/** What every vendor emulator offers, in-process and under /_emulator/. */
export interface EmulatorHandle<K extends BaseKnobs> {
  readonly url: string;
  /** PEM of the self-signed certificate to trust (undefined over plain HTTP). */
  readonly caCert: string | undefined;
  requests(): RecordedRequest[];
  counters(): Record<string, number>;
  count(method: string, route: string): number;
  clearLog(): void;
  knobs(): K;
  setKnobs(patch: Partial<K>): void;
  addFaults(rules: readonly FaultRule[]): void;
  clearFaults(): void;
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

