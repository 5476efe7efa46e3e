import { dirname, join } from "node:path";

/**
 * The generated gRPC modules are untyped JavaScript shipped inside @pulumi/pulumi; these are the
 * few members the harness uses. They are loaded from the @pulumi/pulumi that the program
 * directory resolves, so a temporary project is driven with its own installed copy.
 */
export interface Struct {
  toJavaScript(): Record<string, unknown>;
}
export interface StructStatic {
  fromJavaScript(value: Record<string, unknown>): Struct;
}
interface Message {
  serializeBinary(): Uint8Array;
}
type Setter = (value: never) => void;
export type RequestMessage = Message & Record<string, Setter | unknown>;

export interface ProviderProtos {
  grpc: {
    credentials: { createInsecure(): unknown };
    Metadata: new () => unknown;
  };
  struct: StructStatic;
  provider: Record<string, new () => RequestMessage> & {
    ErrorResourceInitFailed: { deserializeBinary(bytes: Uint8Array): InitFailedMessage };
    DiffResponse: { DiffChanges: { DIFF_UNKNOWN: number; DIFF_NONE: number; DIFF_SOME: number } };
  };
  status: { Status: { deserializeBinary(bytes: Uint8Array): StatusMessage } };
  ResourceProviderClient: new (address: string, credentials: unknown) => Record<string, UnaryCall>;
}

export type UnaryCall = (request: unknown, callback: (error: GrpcError | null, response: unknown) => void) => void;

export interface GrpcError extends Error {
  code: number;
  details: string;
  metadata?: { get(key: string): (string | Buffer)[] };
}

export interface InitFailedMessage {
  getId(): string;
  getProperties(): Struct | undefined;
  getReasonsList(): string[];
}

interface AnyMessage {
  getTypeName(): string;
  getValue_asU8(): Uint8Array;
}
export interface StatusMessage {
  getDetailsList(): AnyMessage[];
}

export function loadProtos(cwd: string): ProviderProtos & { hostScript: string } {
  const pulumiRoot = dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [cwd] }));
  const fromPulumi = (id: string): unknown => require(require.resolve(id, { paths: [pulumiRoot] }));
  const grpcPb = require(join(pulumiRoot, "proto/provider_grpc_pb.js")) as { ResourceProviderClient: ProviderProtos["ResourceProviderClient"] };
  return {
    hostScript: join(pulumiRoot, "cmd/dynamic-provider/index.js"),
    grpc: fromPulumi("@grpc/grpc-js") as ProviderProtos["grpc"],
    struct: (fromPulumi("google-protobuf/google/protobuf/struct_pb.js") as { Struct: StructStatic }).Struct,
    provider: require(join(pulumiRoot, "proto/provider_pb.js")) as ProviderProtos["provider"],
    status: require(join(pulumiRoot, "proto/status_pb.js")) as ProviderProtos["status"],
    ResourceProviderClient: grpcPb.ResourceProviderClient,
  };
}
