import { dirname } from "node:path";
import { configureFrom } from "./configure";

interface GrpcServer {
  addService(service: unknown, implementation: Record<string, unknown>): void;
}
type Callback = (error: unknown, response?: unknown) => void;
type Handler<R> = (call: { request: R }, callback: Callback) => void;
interface ReadRequest {
  getProperties(): unknown;
  setProperties(value: unknown): void;
}
interface JsStruct {
  toJavaScript(): Record<string, unknown>;
}
interface DiffRequest {
  getOlds(): JsStruct | undefined;
  setOlds(value: unknown): void;
  getOldInputs(): JsStruct | undefined;
}

/** A module as @pulumi/pulumi itself resolves it (its grpc-js and protobuf runtime, not a second copy). */
const fromPulumi = <T>(id: string): T => require(require.resolve(id, { paths: [dirname(require.resolve("@pulumi/pulumi"))] })) as T;

/**
 * Two gaps of @pulumi/pulumi's provider server (provider/server.js, 3.248), closed where the
 * server registers its handlers with grpc-js:
 * - Configure answers without telling the provider anything (its Provider interface has no
 *   configure); the plugin needs the stack config, so the request is read first.
 * - Read calls `getProperties().toJavaScript()`, but `pulumi import` sends no properties (only the
 *   id): an empty struct is put in their place, so the provider reads by id alone.
 * - Diff passes the recorded outputs only. An input the vendor never reports (write-only: a
 *   password) is missing from an imported object's outputs, however often the program has applied
 *   it since; the recorded inputs have it, so an input the outputs lack is taken from them. A
 *   changed password is then seen as a change, not taken as the first value after an import.
 */
export function patchProviderServer(): void {
  const grpc = fromPulumi<{ Server: { prototype: GrpcServer } }>("@grpc/grpc-js");
  const { Struct } = fromPulumi<{ Struct: { new (): unknown; fromJavaScript(value: Record<string, unknown>): unknown } }>("google-protobuf/google/protobuf/struct_pb");
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (this: GrpcServer, service: unknown, implementation: Record<string, unknown>): void {
    const configure = implementation.configure as Handler<Parameters<typeof configureFrom>[0]> | undefined;
    const read = implementation.read as Handler<ReadRequest> | undefined;
    const diff = implementation.diff as Handler<DiffRequest> | undefined;
    if (typeof configure !== "function" || typeof read !== "function" || typeof diff !== "function") return addService.call(this, service, implementation);
    const patched: Record<string, unknown> = Object.create(implementation) as Record<string, unknown>;
    patched.configure = ((call, callback) => {
      try {
        configureFrom(call.request);
      } catch (error) {
        callback(error);
        return;
      }
      configure.call(implementation, call, callback);
    }) satisfies Handler<Parameters<typeof configureFrom>[0]>;
    patched.read = ((call, callback) => {
      if (!call.request.getProperties()) call.request.setProperties(new Struct());
      read.call(implementation, call, callback);
    }) satisfies Handler<ReadRequest>;
    patched.diff = ((call, callback) => {
      const olds = call.request.getOlds()?.toJavaScript() ?? {};
      const inputs = call.request.getOldInputs()?.toJavaScript() ?? {};
      const missing = Object.keys(inputs).filter((k) => !(k in olds));
      if (missing.length > 0) call.request.setOlds(Struct.fromJavaScript({ ...Object.fromEntries(missing.map((k) => [k, inputs[k]])), ...olds }));
      diff.call(implementation, call, callback);
    }) satisfies Handler<DiffRequest>;
    return addService.call(this, service, patched);
  };
}
