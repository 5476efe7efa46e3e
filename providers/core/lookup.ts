import * as pulumi from "@pulumi/pulumi";
import { Deadline } from "./deadline";
import type { SettingSpec } from "./config";
import { redactError } from "./redact";

const LOOKUP_BUDGET_MS = 5 * 60_000;

/**
 * Lookup functions run in the program, not in the provider host, so the stack config is read
 * through pulumi.Config: the function's `connection` argument first, then `<vendor>:*` config
 * (the environment is the resolver's last fallback).
 */
export function programConnection(vendor: string, specs: readonly SettingSpec[], given: object | undefined): Record<string, unknown> {
  const config = new pulumi.Config(vendor);
  const merged: Record<string, unknown> = {};
  for (const { name } of specs) merged[name] = (given as Record<string, unknown> | undefined)?.[name] ?? config.get(name);
  return merged;
}

/** Runs a lookup under a deadline, with secrets masked in whatever it throws. */
export async function runLookup<T>(name: string, body: (deadline: Deadline) => Promise<T>): Promise<T> {
  try {
    return await body(new Deadline(name, LOOKUP_BUDGET_MS));
  } catch (error) {
    throw redactError(error);
  }
}
