import type * as pulumiType from "@pulumi/pulumi";
import { auditSecretInputs } from "./audit-trail";

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The provider-host calls the program engine needs (a subset of ProviderHost). */
export interface ProviderRpc {
  check(urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs: Record<string, unknown>; failures: { property: string; reason: string }[] }>;
  diff(id: string, urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ changes: string; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(urn: string, props: Record<string, unknown>): Promise<{ id: string; properties: Record<string, unknown> }>;
  read(id: string, urn: string, props: Record<string, unknown>): Promise<{ id: string; properties: Record<string, unknown> }>;
  update(id: string, urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ properties: Record<string, unknown> }>;
  delete(id: string, urn: string, props: Record<string, unknown>): Promise<void>;
}

export interface StateResource {
  urn: string;
  type: string;
  name: string;
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /** Top-level keys whose input was secret: their outputs are secret too, as the engine does. */
  secretKeys: string[];
}

export type StepOp = "create" | "same" | "update" | "replace" | "delete";

export interface UpResult {
  changes: Partial<Record<StepOp, number>>;
  /** Stack outputs, with secret values shown as "[secret]". */
  outputs: Record<string, unknown>;
}

function isSecretWrapper(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

/** Plain values as the engine sends them to providers (acceptSecrets is false), and which were secret. */
export function unwrapSecrets(inputs: Record<string, unknown>): { plain: Record<string, unknown>; secretKeys: string[] } {
  const plain: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [k, v] of Object.entries(inputs)) {
    if (isSecretWrapper(v)) {
      secretKeys.push(k);
      plain[k] = v.value;
    } else plain[k] = v;
  }
  return { plain, secretKeys };
}

function wrapSecrets(outputs: Record<string, unknown>, secretKeys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(outputs)) {
    if (k === "__provider") continue;
    out[k] = secretKeys.includes(k) ? { [SECRET_SIG_KEY]: SECRET_SIG, value: v } : v;
  }
  return out;
}

/**
 * The demo's fallback when no Pulumi CLI is at hand, and nothing else: runs a Pulumi program under
 * `setMocks`, and sends each dynamic resource it registers to the real provider host (check →
 * create, or diff → update / replace / same), so that outputs flow into dependent resources.
 * Resources that the program no longer registers are deleted, newest first. It answers no
 * question about the engine (refresh, partial creates, pending operations): the CLI tier in
 * test/cli does, with the real CLI.
 */
export class ProgramEngine {
  private readonly state = new Map<string, StateResource>();

  constructor(
    private readonly pulumi: typeof pulumiType,
    private readonly project: string,
    private readonly stack: string,
  ) {}

  resources(): StateResource[] {
    return [...this.state.values()];
  }

  urn(type: string, name: string): string {
    return `urn:pulumi:${this.stack}::${this.project}::${type}::${name}`;
  }

  async up(host: ProviderRpc, runProgram: () => Promise<Record<string, unknown>>, config: Record<string, { value: string; secret: boolean }>): Promise<UpResult> {
    const changes: Partial<Record<StepOp, number>> = {};
    const count = (op: StepOp): void => void (changes[op] = (changes[op] ?? 0) + 1);
    const seen = new Set<string>();
    const order = [...this.state.keys()];
    const errors: Error[] = [];

    this.pulumi.runtime.setAllConfig(
      Object.fromEntries(Object.entries(config).map(([k, e]) => [k, e.value])),
      Object.entries(config).filter(([, e]) => e.secret).map(([k]) => k),
    );
    await this.pulumi.runtime.setMocks(
      {
        newResource: async (args) => {
          if (!args.custom || typeof args.inputs.__provider !== "string") return { id: undefined, state: {} };
          // After a failure nothing new is sent (as the engine stops), and failures are reported
          // by `up` rather than as rejections of outputs nobody awaits.
          if (errors.length > 0) return { id: "", state: {} };
          try {
            return await this.register(host, args.type, args.name, args.inputs, seen, order, count);
          } catch (error) {
            errors.push(error instanceof Error ? error : new Error(String(error)));
            return { id: "", state: {} };
          }
        },
        call: () => ({}),
      },
      this.project,
      this.stack,
      false,
    );

    const exported = await runProgram();
    await this.pulumi.runtime.disconnect();
    if (errors.length > 0) throw new Error(`update failed: ${errors.map((e) => e.message).join("; ")}`);
    const outputs: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(exported)) outputs[name] = await this.resolve(value);

    for (const urn of order.filter((u) => !seen.has(u)).reverse()) {
      const gone = this.state.get(urn);
      if (!gone) continue;
      await host.delete(gone.id, urn, gone.outputs);
      this.state.delete(urn);
      count("delete");
    }
    return { changes, outputs };
  }

  /** Deletes every resource, newest first. */
  async destroy(host: ProviderRpc): Promise<number> {
    const all = [...this.state.values()].reverse();
    for (const r of all) {
      await host.delete(r.id, r.urn, r.outputs);
      this.state.delete(r.urn);
    }
    return all.length;
  }

  private async register(
    host: ProviderRpc,
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    seen: Set<string>,
    order: string[],
    count: (op: StepOp) => void,
  ): Promise<{ id: string; state: Record<string, unknown> }> {
    const urn = this.urn(type, name);
    seen.add(urn);
    const { plain, secretKeys } = unwrapSecrets(inputs);
    auditSecretInputs(type, plain, secretKeys);
    const old = this.state.get(urn);
    const checked = await host.check(urn, old?.inputs ?? {}, plain);
    if (checked.failures.length > 0) {
      throw new Error(`${name}: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    const next = await this.apply(host, urn, old, checked.inputs, count);
    this.state.set(urn, { urn, type, name, id: next.id, inputs: checked.inputs, outputs: next.outputs, secretKeys });
    if (!order.includes(urn)) order.push(urn);
    return { id: next.id, state: wrapSecrets(next.outputs, secretKeys) };
  }

  private async apply(
    host: ProviderRpc,
    urn: string,
    old: StateResource | undefined,
    news: Record<string, unknown>,
    count: (op: StepOp) => void,
  ): Promise<{ id: string; outputs: Record<string, unknown> }> {
    if (!old) {
      const created = await host.create(urn, news);
      count("create");
      return { id: created.id, outputs: created.properties };
    }
    const diff = await host.diff(old.id, urn, old.outputs, news);
    if (diff.changes === "none") {
      count("same");
      return { id: old.id, outputs: old.outputs };
    }
    if (diff.replaces.length > 0) {
      if (diff.deleteBeforeReplace) await host.delete(old.id, urn, old.outputs);
      const created = await host.create(urn, news);
      if (!diff.deleteBeforeReplace) await host.delete(old.id, urn, old.outputs);
      count("replace");
      return { id: created.id, outputs: created.properties };
    }
    const updated = await host.update(old.id, urn, old.outputs, news);
    count("update");
    return { id: old.id, outputs: updated.properties };
  }

  private async resolve(value: unknown): Promise<unknown> {
    const output = this.pulumi.output(value) as pulumiType.Output<unknown>;
    const secret = await (output as unknown as { isSecret: Promise<boolean> }).isSecret;
    const plain = await new Promise<unknown>((resolve) => output.apply((v) => resolve(v)));
    return secret ? "[secret]" : plain;
  }
}
