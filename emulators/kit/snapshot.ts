import { createHash } from "node:crypto";
import { noteSecret } from "./secrets";

/**
 * Snapshots of an emulator's objects, so that a test can put a vendor back into the state a
 * recorded stack expects (test/upgrade: state written by an earlier release). A snapshot is plain
 * JSON data: the objects with their ids, the counters that number new ones, never a timer, a
 * pending task, a session or a token. A secret the vendor holds (a password it was given, a key it
 * issued) is kept as its SHA-256 only, so that a snapshot can be committed; the restore takes the
 * plaintexts from whoever holds them (the stack's own encrypted state) and puts back the one whose
 * hash matches.
 */
export const SNAPSHOT_VERSION = 1;

/** A secret as a snapshot keeps it: its SHA-256, never the value. */
export interface SealedSecret {
  sha256: string;
}

const sha256 = (value: string): string => createHash("sha256").update(value, "utf8").digest("hex");

export function sealSecret(value: string): SealedSecret {
  return { sha256: sha256(value) };
}

export interface RestoreOptions {
  /** Plaintexts the sealed secrets may be: each is opened with the value whose hash it holds. */
  secrets: Iterable<string>;
}

/** Opens sealed secrets with the values given; a secret none of them matches fails the restore. */
export class SecretOpener {
  private readonly byHash = new Map<string, string>();

  constructor(values: Iterable<string>) {
    for (const value of values) this.byHash.set(sha256(value), value);
  }

  open(sealed: SealedSecret, where: string): string {
    const value = this.byHash.get(sealed.sha256);
    if (value === undefined) throw new Error(`restore: ${where} is a secret (sha256 ${sealed.sha256.slice(0, 12)}…) that none of the ${this.byHash.size} values given hashes to`);
    noteSecret(value);
    return value;
  }
}

/** A deep copy through JSON: what a snapshot holds is plain data, whatever the object held. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Fails unless the snapshot is of this vendor and version. */
export function checkSnapshot(snapshot: { vendor: string; version: number }, vendor: string): void {
  if (snapshot.vendor !== vendor) throw new Error(`restore: a snapshot of ${snapshot.vendor} given to the ${vendor} emulator`);
  if (snapshot.version !== SNAPSHOT_VERSION) throw new Error(`restore: ${vendor} snapshot version ${snapshot.version}; this emulator reads version ${SNAPSHOT_VERSION}`);
}

/** A restore goes into a fresh emulator only: fails when any of the collections holds something. */
export function checkEmpty(vendor: string, collections: Record<string, { size: number }>): void {
  const held = Object.entries(collections).filter(([, c]) => c.size > 0).map(([name, c]) => `${c.size} ${name}`);
  if (held.length > 0) throw new Error(`restore: the ${vendor} emulator already holds ${held.join(", ")}; restore into a freshly started one`);
}
