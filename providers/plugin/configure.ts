import { dirname } from "node:path";
import { setStackConfig } from "../core/config";
import { PLUGIN_PACKAGE } from "../program/resource-type";

/** `backupinfra:sppUrl`: the plugin's stack config key of a vendor's setting (the vendor's `spp:url` for dynamic resources). */
export function pluginConfigKey(vendor: string, name: string): string {
  return `${PLUGIN_PACKAGE}:${vendor}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** What the engine's ConfigureRequest carries (sdk/proto/provider.proto): `variables` keyed `backupinfra:<key>` (older engines `backupinfra:config:<key>`). */
interface ConfigureRequest {
  getVariablesMap(): { forEach(callback: (value: string, key: string) => void): void };
}

/** The provider's settings from one Configure: every vendor's resolver reads them (then the environment). */
export function configureFrom(request: ConfigureRequest): void {
  const values = new Map<string, string>();
  request.getVariablesMap().forEach((value, key) => values.set(key.split(":").at(-1) ?? key, value));
  setStackConfig({ get: (key) => values.get(key.split(":").at(-1) ?? key), keyOf: pluginConfigKey });
}

interface GrpcServer {
  addService(service: unknown, implementation: Record<string, unknown>): void;
}
type Handler = (call: { request: ConfigureRequest }, callback: (error: unknown, response?: unknown) => void) => void;

/**
 * @pulumi/pulumi's provider server (provider/server.js, 3.248) answers Configure without telling
 * the provider anything: its Provider interface has no configure. The plugin needs the stack
 * config, so its Configure handler is wrapped, when the server registers it with grpc-js, to read
 * the request first and then answer as the server does (accepting secrets, resources, outputs).
 */
export function takeConfigureRequests(): void {
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [dirname(require.resolve("@pulumi/pulumi"))] })) as { Server: { prototype: GrpcServer } };
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (this: GrpcServer, service: unknown, implementation: Record<string, unknown>): void {
    const configure = implementation.configure as Handler | undefined;
    if (typeof configure !== "function") return addService.call(this, service, implementation);
    const wrapped: Handler = (call, callback) => {
      try {
        configureFrom(call.request);
      } catch (error) {
        callback(error);
        return;
      }
      configure.call(implementation, call, callback);
    };
    return addService.call(this, service, Object.assign(Object.create(implementation) as Record<string, unknown>, { configure: wrapped }));
  };
}
