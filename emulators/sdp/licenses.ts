import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { badRequest, idParam, issuesOf, sdpError } from "./errors";
import type { SdpKnobs } from "./knobs";
import { LICENSE_TYPES, licenseView, type SdpState } from "./state";

/** License types, licenses (issued one month from the emulator's clock) and their usages. */
export function licenseRoutes(api: FastifyInstance, ctx: EmulatorContext<SdpKnobs>, state: SdpState): void {
  const now = () => ctx.clock.now();

  // Seed "List LicenseTypes" 200 (l.779-803).
  api.get("/license_types", async () => ({ license_types: LICENSE_TYPES }));
  api.get("/licenses", async (request) => {
    // The license_type filter takes the type's name (seed l.669), the answer echoes its own spelling.
    const type = (request.query as Record<string, string>).license_type;
    return { licenses: [...state.licenses.values()].filter((l) => type === undefined || l.license_type === type).map(licenseView) };
  });
  // Seed "Create License": request {license_type} (l.716), 200 {license: {...}} (l.726-733).
  api.post("/licenses", async (request, reply) => {
    const body = z.object({ license_type: z.string() }).safeParse(request.body);
    if (!body.success) return badRequest(reply, issuesOf(body.error));
    if (!LICENSE_TYPES.some((t) => t.name === body.data.license_type)) return badRequest(reply, `unknown license_type ${body.data.license_type}`);
    return { license: licenseView(state.addLicense(body.data.license_type, new Date(now()))) };
  });
  // Seed "Delete License": 204 No Content (l.740), 404 listed (l.743).
  api.delete("/licenses/:id", async (request, reply) => {
    const { id } = idParam.parse(request.params);
    if (!state.licenses.delete(id)) return reply.code(404).send(sdpError("itemNotFound", 404, "License not found"));
    return reply.code(204).send();
  });

  // Seed "List Usages" 200 (l.826-857).
  api.get("/usages", async (request) => {
    const type = (request.query as Record<string, string>).license_type;
    const usages = [...state.licenses.values()]
      .filter((l) => type === undefined || l.license_type === type)
      .map((l) => {
        const t = LICENSE_TYPES.find((x) => x.name === l.license_type);
        return { id: l.id, type: `dedicated-hypervisor.guest-image.${l.license_type.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`, value: 1, unit: t?.unit ?? "license", name: l.license_type, description: t?.description ?? l.license_type, has_license_key: t?.has_license_key ?? false, resource_id: l.id };
      });
    return { tenant_id: state.tenantId, usages };
  });
  // Seed "Show Usage Histories" 200 (l.880-899); times as "2015-05-06 11:00:00" (l.886).
  api.get("/usages/:id/histories", async (request, reply) => {
    const license = state.licenses.get(idParam.parse(request.params).id);
    if (!license) return reply.code(404).send(sdpError("itemNotFound", 404, "Usage not found"));
    const t = LICENSE_TYPES.find((x) => x.name === license.license_type);
    const hour = Math.floor(now() / 3_600_000) * 3_600_000;
    const histories = [2, 1, 0].map((h) => ({ time: new Date(hour - h * 3_600_000).toISOString().replace("T", " ").slice(0, 19), value: h === 2 ? 0 : 1 }));
    return { tenant_id: state.tenantId, unit: t?.unit ?? "license", resource_id: license.id, license_type: license.license_type, histories };
  });
}
