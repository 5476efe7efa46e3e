import { audit, auditing, typeOfUrn } from "./audit-trail";
import { startPluginProcess } from "./plugin-process";
import { loadProtos, type GrpcError, type ProviderProtos, type Struct } from "./protos";

export interface ProviderHostOptions {
  /** The program directory: the host resolves `__provider`'s requires from here, as under the engine. */
  cwd: string;
  project?: string;
  /** Stack config, given to the host as PULUMI_CONFIG and (call `configure`) over gRPC. */
  config?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  nodePath?: string;
  startTimeoutMs?: number;
  /** Receives the host's stdout/stderr as it arrives (progress lines, for people watching). */
  onOutput?: (text: string) => void;
}

export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: { property: string; reason: string }[];
}
export interface DiffResult {
  changes: "some" | "none" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}
export interface InitFailed {
  id: string;
  properties: Record<string, unknown>;
  reasons: string[];
}

/** A gRPC error from the host; `initFailed` is set when the provider reported a partial create. */
export class ProviderRpcError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly initFailed?: InitFailed,
  ) {
    super(message);
    this.name = "ProviderRpcError";
  }
}

export interface ProviderHost {
  readonly pid: number;
  /** Everything the host printed on stdout and stderr so far. */
  output(): string;
  configure(config: Record<string, string>): Promise<void>;
  check(urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult>;
  diff(id: string, urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffResult>;
  create(urn: string, props: Record<string, unknown>): Promise<{ id: string; properties: Record<string, unknown> }>;
  read(id: string, urn: string, props: Record<string, unknown>): Promise<{ id: string; properties: Record<string, unknown>; inputs?: Record<string, unknown> }>;
  update(id: string, urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ properties: Record<string, unknown> }>;
  delete(id: string, urn: string, props: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

interface Reply {
  [getter: string]: () => unknown;
}

/**
 * Starts @pulumi/pulumi's dynamic-provider host the way the engine does — `node
 * <pulumi>/cmd/dynamic-provider <engine-address>` in the program directory, with the project and
 * stack config in the environment — and connects a gRPC client to the port it prints.
 */
export async function startProviderHost(opts: ProviderHostOptions): Promise<ProviderHost> {
  const protos = loadProtos(opts.cwd);
  const project = opts.project ?? "harness";
  const plugin = await startPluginProcess({
    script: protos.hostScript,
    cwd: opts.cwd,
    nodePath: opts.nodePath,
    startTimeoutMs: opts.startTimeoutMs ?? 20_000,
    onOutput: opts.onOutput,
    env: {
      ...process.env,
      ...opts.env,
      PULUMI_PROJECT: project,
      PULUMI_NODEJS_PROJECT: project,
      PULUMI_CONFIG: JSON.stringify(opts.config ?? {}),
    },
  });
  const port = plugin.port;
  const client = new protos.ResourceProviderClient(`127.0.0.1:${port}`, protos.grpc.credentials.createInsecure());

  const struct = (value: Record<string, unknown>): Struct => protos.struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as Record<string, unknown>);
  const message = (type: string, fields: Record<string, unknown>): unknown => {
    const Ctor = protos.provider[type];
    const msg = new Ctor() as unknown as Record<string, (v: unknown) => void>;
    for (const [field, value] of Object.entries(fields)) msg[`set${field[0].toUpperCase()}${field.slice(1)}`](value);
    return msg;
  };
  const call = (method: string, request: unknown): Promise<Reply> =>
    new Promise((resolve, reject) => {
      client[method](request, (error, response) => {
        if (!error) return resolve(response as Reply);
        const rpcError = toRpcError(protos, error);
        audit({ kind: "text", source: "error", text: [rpcError.message, ...(rpcError.initFailed?.reasons ?? [])].join("\n") });
        reject(rpcError);
      });
    });
  const plain = (s: unknown): Record<string, unknown> => (s ? (s as Struct).toJavaScript() : {});
  audit({ kind: "host", event: "started", pid: plugin.pid });
  const sentProviders = new Set<string>();
  let closed = false;
  /** What the engine and a person could see of a call: the provider text sent and the outputs returned. */
  const noted = (urn: string, sent: Record<string, unknown>, props: Record<string, unknown>): Record<string, unknown> => {
    if (!auditing()) return props;
    const text = sent.__provider;
    if (typeof text === "string" && !sentProviders.has(text)) {
      sentProviders.add(text);
      audit({ kind: "text", source: "provider", text });
    }
    audit({ kind: "outputs", type: typeOfUrn(urn), props });
    return props;
  };

  return {
    pid: plugin.pid,
    output: plugin.output,
    async configure(config) {
      await call("configure", message("ConfigureRequest", { args: struct(config), acceptsecrets: false }));
    },
    async check(urn, olds, news) {
      const r = await call("check", message("CheckRequest", { urn, olds: struct(olds), news: struct(news) }));
      const failures = (r.getFailuresList() as Reply[]).map((f) => ({ property: String(f.getProperty()), reason: String(f.getReason()) }));
      return { inputs: plain(r.getInputs()), failures };
    },
    async diff(id, urn, olds, news) {
      const r = await call("diff", message("DiffRequest", { id, urn, olds: struct(olds), news: struct(news) }));
      const codes = protos.provider.DiffResponse.DiffChanges;
      const changes = r.getChanges() === codes.DIFF_SOME ? "some" : r.getChanges() === codes.DIFF_NONE ? "none" : "unknown";
      return { changes, replaces: r.getReplacesList() as string[], deleteBeforeReplace: Boolean(r.getDeletebeforereplace()) };
    },
    async create(urn, props) {
      const r = await call("create", message("CreateRequest", { urn, properties: struct(props) }));
      return { id: String(r.getId()), properties: noted(urn, props, plain(r.getProperties())) };
    },
    async read(id, urn, props) {
      const r = await call("read", message("ReadRequest", { id, urn, properties: struct(props) }));
      const inputs = r.getInputs() ? plain(r.getInputs()) : undefined;
      return { id: String(r.getId()), properties: noted(urn, props, plain(r.getProperties())), ...(inputs ? { inputs } : {}) };
    },
    async update(id, urn, olds, news) {
      const r = await call("update", message("UpdateRequest", { id, urn, olds: struct(olds), news: struct(news) }));
      return { properties: noted(urn, news, plain(r.getProperties())) };
    },
    async delete(id, urn, props) {
      await call("delete", message("DeleteRequest", { id, urn, properties: struct(props) }));
    },
    async close() {
      (client as unknown as { close(): void }).close();
      await plugin.stop();
      if (closed) return;
      closed = true;
      audit({ kind: "text", source: "host-output", text: plugin.output() });
      audit({ kind: "host", event: "closed", pid: plugin.pid });
    },
  };
}

function toRpcError(protos: ProviderProtos, error: GrpcError): ProviderRpcError {
  const detail = error.metadata?.get("grpc-status-details-bin")?.[0];
  let initFailed: InitFailed | undefined;
  if (detail instanceof Buffer) {
    const status = protos.status.Status.deserializeBinary(new Uint8Array(detail));
    const packed = status.getDetailsList().find((d) => d.getTypeName() === "pulumirpc.ErrorResourceInitFailed");
    if (packed) {
      const msg = protos.provider.ErrorResourceInitFailed.deserializeBinary(packed.getValue_asU8());
      initFailed = { id: msg.getId(), properties: msg.getProperties()?.toJavaScript() ?? {}, reasons: msg.getReasonsList() };
    }
  }
  return new ProviderRpcError(error.details || error.message, error.code, initFailed);
}
