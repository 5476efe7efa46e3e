import type * as plugin from "@pulumi/pulumi/provider";
import type { BackupInfraProvider } from "../core/provider";
import { IMPLEMENTATIONS } from "../implementations";
import { invokeFunction, PLUGIN_FUNCTIONS } from "./functions";
import { unwrapProps, wrapSecrets } from "./secrets";

interface Served {
  readonly provider: BackupInfraProvider;
  /** Top-level properties kept secret in the engine: the secret inputs, and the outputs the descriptor marks. */
  readonly secretKeys: readonly string[];
}

const SERVED = new Map<string, Served>(
  IMPLEMENTATIONS.map((m) => [m.descriptor.type.pluginToken, { provider: m.provider, secretKeys: [...m.descriptor.secretInputs, ...m.descriptor.secretOutputs] }]),
);

/** `urn:pulumi:<stack>::<project>::<parent types $>…<type>::<name>`: the resource's own type token. */
function typeOf(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").at(-1) ?? qualified;
}

function served(urn: string): Served {
  const token = typeOf(urn);
  const found = SERVED.get(token);
  if (!found) throw new Error(`the backupinfra provider has no resource type ${token} (it serves ${[...SERVED.keys()].join(", ")}): was this state written by a newer release?`);
  return found;
}

/** An init failure keeps its id and reasons; its properties are recorded as outputs, so they are marked like outputs. */
function markedError(error: unknown, s: Served): unknown {
  if (error instanceof Error && "id" in error && "properties" in error) {
    const properties = (error as { properties?: Record<string, unknown> }).properties ?? {};
    const { __provider: _ignored, ...rest } = properties;
    Object.assign(error, { properties: wrapSecrets(rest, s.secretKeys) });
  }
  return error;
}

/**
 * The provider plugin's operations: each resource type's own provider (the one its dynamic class
 * runs), with the engine's secret markers taken off what goes in and put on what comes out, so
 * a secret stays a secret whatever the program's language did with it.
 */
export function pluginProvider(version: string, schema: () => Promise<string>): plugin.Provider {
  return {
    version,
    getSchema: schema,

    async check(urn, olds, news): Promise<plugin.CheckResult> {
      const s = served(urn);
      const result = await s.provider.check!(unwrapProps(olds), unwrapProps(news));
      // The checked inputs are what state records: a secret input given as a literal is marked here.
      return { inputs: wrapSecrets(news as Record<string, unknown>, s.secretKeys), failures: result.failures ? [...result.failures] : [] };
    },

    async diff(id, urn, olds, news): Promise<plugin.DiffResult> {
      const result = await served(urn).provider.diff!(id, unwrapProps(olds), unwrapProps(news));
      return { changes: result.changes, replaces: result.replaces ? [...result.replaces] : [], deleteBeforeReplace: result.deleteBeforeReplace };
    },

    async create(urn, inputs): Promise<plugin.CreateResult> {
      const s = served(urn);
      try {
        const result = await s.provider.create(unwrapProps(inputs));
        return { id: result.id, outs: wrapSecrets(result.outs as Record<string, unknown>, s.secretKeys) };
      } catch (error) {
        throw markedError(error, s);
      }
    },

    async read(id, urn, props): Promise<plugin.ReadResult> {
      const s = served(urn);
      const recorded = unwrapProps(props);
      if (Object.keys(recorded).length === 0) {
        // `pulumi import`: nothing is recorded yet, the object is found by its id alone.
        const found = await s.provider.importById(id);
        if (!found) return {};
        return { id, props: wrapSecrets(found.props, s.secretKeys), inputs: wrapSecrets(found.inputs, s.secretKeys) };
      }
      const result = await s.provider.read!(id, recorded);
      if (!result.id) return {};
      return { id: result.id, props: wrapSecrets(result.props as Record<string, unknown>, s.secretKeys) };
    },

    async update(id, urn, olds, news): Promise<plugin.UpdateResult> {
      const s = served(urn);
      try {
        const result = await s.provider.update!(id, unwrapProps(olds), unwrapProps(news));
        return { outs: wrapSecrets((result.outs ?? {}) as Record<string, unknown>, s.secretKeys) };
      } catch (error) {
        throw markedError(error, s);
      }
    },

    async delete(id, urn, props): Promise<void> {
      await served(urn).provider.delete!(id, unwrapProps(props));
    },

    async invoke(token, inputs): Promise<plugin.InvokeResult> {
      const f = PLUGIN_FUNCTIONS.find((candidate) => candidate.token === token);
      if (!f) throw new Error(`the backupinfra provider has no function ${token} (it serves ${PLUGIN_FUNCTIONS.map((c) => c.token).join(", ")})`);
      return { outputs: await invokeFunction(f, unwrapProps(inputs)) };
    },
  };
}
