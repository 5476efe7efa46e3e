import { dirname, join } from "node:path";
import { startPluginProcess } from "./plugin-process";
import type { GrpcError, StructStatic, UnaryCall } from "./protos";

export interface AnalyzerResourceInput {
  type: string;
  name: string;
  urn: string;
  properties: Record<string, unknown>;
  /** URN of the parent (components), for stack rules. */
  parent?: string;
}

export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  message: string;
  enforcementLevel: "advisory" | "mandatory" | "disabled" | "remediate";
  urn: string;
}

export interface PolicyPackHost {
  readonly pid: number;
  output(): string;
  getAnalyzerInfo(): Promise<{ name: string; version: string; policies: { name: string; enforcementLevel: string }[] }>;
  analyze(resource: AnalyzerResourceInput): Promise<Diagnostic[]>;
  analyzeStack(resources: AnalyzerResourceInput[]): Promise<Diagnostic[]>;
  close(): Promise<void>;
}

const LEVELS = ["advisory", "mandatory", "disabled", "remediate"] as const;
type Message = Record<string, (...args: unknown[]) => unknown>;

/**
 * Starts a policy pack the way the engine does — `node <pulumi>/cmd/run-policy-pack <engine>
 * <pack-dir>` in the pack's directory — and talks to the Analyzer service it serves.
 */
export async function startPolicyPack(opts: { packDir: string; startTimeoutMs?: number }): Promise<PolicyPackHost> {
  const pulumiRoot = dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [opts.packDir] }));
  const fromPulumi = (id: string): unknown => require(require.resolve(id, { paths: [pulumiRoot] }));
  const grpc = fromPulumi("@grpc/grpc-js") as { credentials: { createInsecure(): unknown } };
  const Struct = (fromPulumi("google-protobuf/google/protobuf/struct_pb.js") as { Struct: StructStatic }).Struct;
  const Empty = (fromPulumi("google-protobuf/google/protobuf/empty_pb.js") as { Empty: new () => unknown }).Empty;
  const pb = require(join(pulumiRoot, "proto/analyzer_pb.js")) as Record<string, new () => Message>;
  const { AnalyzerClient } = require(join(pulumiRoot, "proto/analyzer_grpc_pb.js")) as { AnalyzerClient: new (address: string, creds: unknown) => Record<string, UnaryCall> };

  const plugin = await startPluginProcess({ script: join(pulumiRoot, "cmd/run-policy-pack/index.js"), args: ["."], cwd: opts.packDir, env: process.env, startTimeoutMs: opts.startTimeoutMs ?? 30_000 });
  const port = plugin.port;
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = (method: string, request: unknown): Promise<Message> =>
    new Promise((resolve, reject) => client[method](request, (error: GrpcError | null, response: unknown) => (error ? reject(new Error(error.details || error.message)) : resolve(response as Message))));

  const resourceMessage = (kind: "AnalyzeRequest" | "AnalyzerResource", r: AnalyzerResourceInput): Message => {
    const m = new pb[kind]();
    m.setType(r.type);
    m.setName(r.name);
    m.setUrn(r.urn);
    m.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.properties)) as Record<string, unknown>));
    m.setOptions(new pb.AnalyzerResourceOptions());
    if (kind === "AnalyzerResource" && r.parent) m.setParent(r.parent);
    return m;
  };
  const diagnostics = (response: Message): Diagnostic[] =>
    (response.getDiagnosticsList() as Message[]).map((d) => ({
      policyName: String(d.getPolicyname()),
      policyPackName: String(d.getPolicypackname()),
      message: String(d.getMessage()),
      enforcementLevel: LEVELS[Number(d.getEnforcementlevel())],
      urn: String(d.getUrn()),
    }));

  return {
    pid: plugin.pid,
    output: plugin.output,
    async getAnalyzerInfo() {
      const info = await call("getAnalyzerInfo", new Empty());
      return {
        name: String(info.getName()),
        version: String(info.getVersion()),
        policies: (info.getPoliciesList() as Message[]).map((p) => ({ name: String(p.getName()), enforcementLevel: LEVELS[Number(p.getEnforcementlevel())] })),
      };
    },
    async analyze(resource) {
      return diagnostics(await call("analyze", resourceMessage("AnalyzeRequest", resource)));
    },
    async analyzeStack(resources) {
      const request = new pb.AnalyzeStackRequest();
      request.setResourcesList(resources.map((r) => resourceMessage("AnalyzerResource", r)));
      return diagnostics(await call("analyzeStack", request));
    },
    close() {
      (client as unknown as { close(): void }).close();
      return plugin.stop();
    },
  };
}
