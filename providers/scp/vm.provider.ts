import { z } from "zod";
import { parseAnswer } from "../core/answer";
import { connectionFailures } from "../core/check";
import { ObjectGoneError, ResourceInitFailedError } from "../core/errors";
import { pollUntil } from "../core/poll";
import { defineProvider, type OperationContext } from "../core/provider";
import { redact } from "../core/redact";
import { sendOnce } from "../core/send-once";
import type { InputsOf } from "../program/descriptor";
import { SCP_PATHS, scpClientFor, type ScpClient } from "./client";
import { resolveScpConnection } from "./connection";
import { SCP_VENDOR } from "./errors";
import { findListed, listAll } from "./pages";
import { untilSettled } from "./settle";
import { reportedStrings, unrecorded } from "../core/unrecorded";
import { scpBackupProxyVm } from "./vm";

const MINUTE = 60_000;
const MAX_OUTPUT_CHARS = 4_096;

const serverSchema = z.looseObject({ id: z.string(), name: z.string(), status: z.string().nullish(), power_state: z.string().nullish(), vmtools_status: z.string().nullish(), os_name: z.string().nullish() });
type Server = z.infer<typeof serverSchema>;
/** A VM being made ends running or stopped, or in error (erelbi/sangfor-scp `resources/servers.py`: "running | stopped | error"). */
const SERVER_STATUSES = { settled: ["running", "stopped"], failed: ["error"] } as const;
const taskOnly = z.looseObject({ task_id: z.string() });
const scriptResult = z.looseObject({ exit_code: z.number(), output: z.string().nullish() });

function getServer(client: ScpClient, id: string, ctx: OperationContext): Promise<Server | undefined> {
  return client.find(SCP_PATHS.server(id), serverSchema, ctx.deadline);
}

/** The VM of exactly this name: the list's `name` filter is a partial match (erelbi/sangfor-scp `resources/servers.py`). */
function findByName(client: ScpClient, name: string, ctx: OperationContext): Promise<Server | undefined> {
  return findListed(listAll(client, SCP_PATHS.servers, { name }, serverSchema, ctx.deadline), (s) => s.name === name);
}

function remoteOutputs(s: Server): Record<string, unknown> {
  return { name: s.name, status: s.status ?? null, powerState: s.power_state ?? null, vmtoolsStatus: s.vmtools_status ?? null, osName: s.os_name ?? null };
}

/**
 * The VM's configuration as its record gives it, in the inputs' form: az_id, cores, memory_mb and
 * networks (erelbi/sangfor-scp `resources/servers.py` get(): "id, name, status, az_id, host_id,
 * cores, memory_mb, disks, networks"), and image_id and storage_tag_id where the answer has them
 * (no public document lists them). A field the answer leaves out, or gives in another shape, is
 * left out: it only tells `pulumi import` what the VM is, and never fails a read.
 */
function configurationOf(s: Server): Record<string, unknown> {
  const field = <T>(schema: z.ZodType<T>, value: unknown): T | undefined => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  };
  const id = z.string().min(1);
  const networks = field(z.array(z.looseObject({ vpc_id: id, subnet_id: id })), s.networks);
  return {
    azId: field(id, s.az_id),
    imageId: field(id, s.image_id),
    storageTagId: field(id, s.storage_tag_id),
    cores: field(z.number().int(), s.cores),
    memoryMb: field(z.number().int(), s.memory_mb),
    networks: networks?.map((n) => ({ vpcId: n.vpc_id, subnetId: n.subnet_id })),
  };
}

async function discard(client: ScpClient, id: string, ctx: OperationContext): Promise<void> {
  const res = await client.send("DELETE", SCP_PATHS.server(id), { deadline: ctx.deadline, allow404: true });
  if (res.status !== 404) await client.waitTask(client.answer("DELETE", SCP_PATHS.server(id), taskOnly, res).task_id, ctx.deadline, ctx.log);
}

/** Runs the init script in the guest once vmtools is ready; its output comes back masked and bounded. */
async function runInitScript(client: ScpClient, id: string, inputs: InputsOf<typeof scpBackupProxyVm.inputs>, ctx: OperationContext): Promise<{ exitCode: number; output: string }> {
  ctx.log(`waiting for vmtools in VM ${id}`);
  await pollUntil(() => getServer(client, id, ctx), (s) => s?.vmtools_status === "running", ctx.deadline, { minMs: 250, fraction: 0.2, maxMs: 30_000 }, {
    what: `VM ${id} vmtools`,
    say: ctx.log,
    status: (s) => (s ? (s.vmtools_status ?? "unreported") : "gone"),
  });
  ctx.log("running the init script in the guest");
  const { task_id } = await client.call("POST", SCP_PATHS.guestScript(id), taskOnly, {
    body: { script: Buffer.from(inputs.initScript ?? "", "utf8").toString("base64"), interpreter: inputs.initScriptInterpreter ?? "bash" },
    deadline: ctx.deadline,
  });
  const result = parseAnswer(SCP_VENDOR, `task ${task_id} (guest script)`, scriptResult, await client.waitTask(task_id, ctx.deadline, ctx.log));
  const output = redact(result.output ?? "");
  return { exitCode: result.exit_code, output: output.length > MAX_OUTPUT_CHARS ? `${output.slice(0, MAX_OUTPUT_CHARS)}\n[truncated]` : output };
}

interface ScriptOutputs {
  initScriptExitCode: number | null;
  initScriptOutput: string | null;
}

/** Runs the init script; one that cannot run leaves the VM recorded as init-failed. */
async function initialise(client: ScpClient, id: string, inputs: InputsOf<typeof scpBackupProxyVm.inputs>, ctx: OperationContext): Promise<ScriptOutputs> {
  const result = await runInitScript(client, id, inputs, ctx).catch((error: unknown) => {
    throw new ResourceInitFailedError(id, { initScriptExitCode: null, initScriptOutput: null }, [`the VM was created, but its init script could not run: ${(error as Error).message}`]);
  });
  return { initScriptExitCode: result.exitCode, initScriptOutput: result.output };
}

/** The VM's outputs with the script's; a script that exited non-zero leaves the VM recorded as init-failed. */
async function settled(client: ScpClient, id: string, script: ScriptOutputs, ctx: OperationContext): Promise<Record<string, unknown>> {
  const vm = await getServer(client, id, ctx);
  if (!vm) throw new ObjectGoneError(`VM ${id}`, "no longer exists");
  const outs = { ...remoteOutputs(vm), ...script };
  if (script.initScriptExitCode !== null && script.initScriptExitCode !== 0) {
    throw new ResourceInitFailedError(id, outs, [`the init script exited with code ${script.initScriptExitCode}: ${String(script.initScriptOutput).split("\n").slice(-3).join(" | ")}`]);
  }
  return outs;
}

export const provider = defineProvider(scpBackupProxyVm, {
  label: (i) => i.name,
  defaultTimeoutsMs: { create: 60 * MINUTE, update: 20 * MINUTE, delete: 20 * MINUTE, read: 5 * MINUTE },
  normalize: (i) => ({ powerOn: i.powerOn ?? true, initScript: i.initScript ?? null, initScriptInterpreter: i.initScript ? (i.initScriptInterpreter ?? "bash") : null }),
  extraCheck: (i) => connectionFailures(() => resolveScpConnection(i.connection)),

  async create(inputs, ctx) {
    const client = scpClientFor(inputs.connection);
    ctx.log("creating the VM from the image");
    const send = async (): Promise<{ id: string; taskId?: string }> => {
      const made = await client.call("POST", SCP_PATHS.servers, z.looseObject({ uuids: z.array(z.string()).min(1), task_id: z.string() }), {
        body: {
          az_id: inputs.azId,
          image_id: inputs.imageId,
          storage_tag_id: inputs.storageTagId,
          cores: inputs.cores,
          memory_mb: inputs.memoryMb,
          name: inputs.name,
          networks: inputs.networks.map((n) => ({ vpc_id: n.vpcId, subnet_id: n.subnetId })),
          power_on: inputs.powerOn ?? true,
        },
        deadline: ctx.deadline,
        // The SDK's 409 for a create is "already exists" (sangfor_scp/exceptions.py), not a busy object.
        retryBusy: false,
      });
      return { id: made.uuids[0], taskId: made.task_id };
    };
    const { id, taskId } = await sendOnce<{ id: string; taskId?: string }>(ctx, {
      what: "VM create",
      send,
      lookup: async (c) => {
        const found = await findByName(client, inputs.name, c);
        return found ? { id: found.id } : undefined;
      },
      landedLate: (vm) => ({ id: vm.id, properties: { name: inputs.name, status: null } }),
    });
    try {
      if (taskId) await client.waitTask(taskId, ctx.deadline, ctx.log);
      else await untilSettled(`VM ${id}`, () => getServer(client, id, ctx), SERVER_STATUSES, ctx.deadline, ctx.log);
    } catch (error) {
      ctx.log(`VM ${id} failed; deleting what was made`);
      await discard(client, id, ctx);
      throw error;
    }
    const script = inputs.initScript ? await initialise(client, id, inputs, ctx) : { initScriptExitCode: null, initScriptOutput: null };
    return { id, outs: await settled(client, id, script, ctx) };
  },

  // An init script that failed (or never ran) left the VM uninitialised, not wrong: the next update
  // runs it again in the same VM, and a corrected script is run there rather than replacing the VM.
  recovery: (olds) => (typeof olds.initScript === "string" && olds.initScriptExitCode !== 0 ? { update: ["initScriptExitCode"], inPlace: ["initScript", "initScriptInterpreter"] } : {}),

  async read(id, olds, ctx) {
    const vm = await getServer(scpClientFor(olds.connection), id, ctx);
    return vm ? { ...remoteOutputs(vm), ...unrecorded(olds, configurationOf(vm)) } : undefined;
  },

  // imageId and storageTagId are write-only (SCP's documented record does not carry them): proposed when the answer had them.
  importInputs: (current) => reportedStrings(current, ["imageId", "storageTagId"]),

  async update(id, olds, news, ctx) {
    const client = scpClientFor(news.connection);
    if (ctx.changed?.includes("name") ?? true) {
      ctx.log(`renaming VM ${id} to "${news.name}"`);
      const { task_id } = await client.call("PUT", SCP_PATHS.server(id), taskOnly, { body: { name: news.name }, deadline: ctx.deadline });
      await client.waitTask(task_id, ctx.deadline, ctx.log);
    }
    let script: ScriptOutputs = { initScriptExitCode: olds.initScriptExitCode ?? null, initScriptOutput: olds.initScriptOutput ?? null };
    // A VM that never recorded a script (`pulumi import` read it) is taken as initialised: the
    // program's script is not run there, and stays unrecorded, so that no later diff runs it either.
    if (olds.initScript === undefined) return { ...(await settled(client, id, script, ctx)), initScript: undefined, initScriptInterpreter: undefined };
    if (!news.initScript) script = { initScriptExitCode: null, initScriptOutput: null };
    else if (olds.initScriptExitCode !== 0) {
      ctx.log(olds.initScriptExitCode == null ? "the init script has not run; running it" : `the init script exited with code ${String(olds.initScriptExitCode)}; running it again`);
      script = await initialise(client, id, news, ctx);
    }
    return settled(client, id, script, ctx);
  },

  async delete(id, olds, ctx) {
    await discard(scpClientFor(olds.connection), id, ctx);
    ctx.log(`deleted VM ${id}`);
  },
});

export const descriptor = scpBackupProxyVm;
