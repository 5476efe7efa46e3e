import { z } from "zod";
import type { VspcOrganization } from "./company";

const text = (max: number) => z.string().max(max, { message: `must be at most ${max} characters` });

/**
 * The fields of VSPC's `organizationInput`, each with its rule: the input's schema and what
 * `pulumi import` may propose. In a module of its own so that the public declarations of
 * ./company.ts name no zod type.
 */
export const ORGANIZATION_FIELDS = {
  name: z.string().trim().min(1, { message: "is required" }).max(128, { message: "must be at most 128 characters" }),
  alias: text(128).optional(),
  taxId: text(64).optional(),
  email: z.email({ message: "must be an email address" }).optional(),
  phone: text(64).optional(),
  country: z.number().int().min(0).optional(),
  state: z.number().int().min(0).optional(),
  city: text(128).optional(),
  street: text(256).optional(),
  zipCode: text(32).optional(),
  website: text(256).optional(),
  notes: text(2048).optional(),
} satisfies Record<keyof VspcOrganization, z.ZodType>;
