import { z } from "zod";
import { describeResource, input, output, timeoutsInput, type ArgsOf, type InputsOf } from "../program/descriptor";
import { resourceClass } from "../program/resource";
import { vspcConnection } from "./connection";

export const API_KEY_SCOPES = ["ui", "rest", "integration"] as const;

export const vspcApiKey = describeResource({
  module: "vspc",
  name: "VspcApiKey",
  inputs: {
    /** The user the key authenticates as (e.g. VspcCompany.ownerUserUid). Replaces on change. */
    userUid: input(z.uuid({ message: "must be a user UID" }), "replace", { recorded: z.string() }),
    /** The key's description in VSPC (`PATCH /users/{userUid}/logins/{id}`); default "". Updated in place. */
    description: input(z.string().max(512, { message: "must be at most 512 characters" }).optional(), "update", { recorded: z.string() }),
    /** Any of "ui", "rest", "integration". Replaces on change. */
    scopes: input(
      z
        .array(z.enum(API_KEY_SCOPES, { message: 'must be "ui", "rest" or "integration"' }))
        .min(1, { message: "must name at least one scope" })
        .refine((s) => new Set(s).size === s.length, { message: "must not repeat a scope" }),
      "replace",
      { recorded: z.array(z.string()) },
    ),
    /** Allow GET requests only. Default false. Replaces on change. */
    isReadAccessOnly: input(z.boolean().optional(), "replace", { recorded: z.boolean() }),
    /** Default true; false disables the key's login without deleting it. */
    enabled: input(z.boolean().optional(), "update", { recorded: z.boolean() }),
    /** Bounds per operation as durations (`{ create: "30m", read: "2m" }`); an operation past its bound fails naming it. Never a change. */
    timeouts: timeoutsInput,
    /** Overrides the `vspc:*` stack config for this resource; stored as a secret. */
    connection: vspcConnection.input,
  },
  outputs: {
    /**
     * The key, shown by VSPC only once, in the answer that issued it; kept in state as a secret.
     * Null for an imported key (`pulumi import`): VSPC never shows an existing key again.
     */
    apiKey: output(z.string(), { secret: true, createOnly: true }),
    /** The login name of the user the key belongs to. */
    userName: output(z.string().nullable()),
    /** The company of that user, null for a provider-level user. */
    companyUid: output(z.string().nullable()),
    /** When VSPC issued the key (ISO 8601). */
    creationDate: output(z.string().nullable()),
  },
});

export type VspcApiKeyArgs = ArgsOf<typeof vspcApiKey.inputs>;
/** The inputs as the provider gets them (parsed). */
export type VspcApiKeyInputs = InputsOf<typeof vspcApiKey.inputs>;

/** An API key (a user login of identity provider "AK") in Veeam Service Provider Console. */
export const VspcApiKey = resourceClass(vspcApiKey);
export type VspcApiKey = InstanceType<typeof VspcApiKey>;
