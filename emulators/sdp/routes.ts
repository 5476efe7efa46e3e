import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../kit/server";
import { keystoneRoutes, requireToken } from "./keystone";
import type { SdpKnobs } from "./knobs";
import { licenseRoutes } from "./licenses";
import { cfgwRoutes } from "./cfgw";
import { serverActionRoutes } from "./server-actions";
import { serverRoutes } from "./servers";
import type { SdpState } from "./state";
import { vcenterRoutes } from "./vcenters";
import { vsphereContractRoutes } from "./vsphere-contracts";
import { noteSecret } from "../kit/secrets";

export interface SdpRouteDeps {
  state: SdpState;
  user: { username: string; password: string };
}

/**
 * Keystone v3 (token + catalog) and the Dedicated Hypervisor API under /v1.0/{tenant_id}, one
 * module a resource: servers.ts, licenses.ts (with usages), vcenters.ts, vsphere-contracts.ts.
 */
export function sdpRoutes(app: FastifyInstance, ctx: EmulatorContext<SdpKnobs>, deps: SdpRouteDeps): void {
  noteSecret(deps.user.password);
  keystoneRoutes(app, ctx, deps.state, deps.user);
  app.register(
    async (api) => {
      requireToken(api, ctx, deps.state);
      serverRoutes(api, ctx, deps.state);
      serverActionRoutes(api, ctx, deps.state);
      cfgwRoutes(api, ctx, deps.state);
      licenseRoutes(api, ctx, deps.state);
      vcenterRoutes(api, ctx, deps.state);
      vsphereContractRoutes(api, ctx, deps.state);
    },
    { prefix: "/v1.0/:tenantId" },
  );
}
