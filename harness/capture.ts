import type * as pulumiType from "@pulumi/pulumi";
import { auditSecretInputs } from "./audit-trail";
import { unwrapSecrets } from "./program";

export interface Registration {
  type: string;
  name: string;
  custom: boolean;
  /** Inputs as the engine would send them to the provider: plain values, secrets unwrapped. */
  inputs: Record<string, unknown>;
  /** Top-level inputs that were secret. */
  secretInputs: string[];
  /** The serialised provider of a dynamic resource: the exact `__provider` text the engine gets. */
  providerText?: string;
}

/**
 * Runs `build` as a Pulumi program under `setMocks` and returns what it registered. `pulumi` is
 * the caller's @pulumi/pulumi (a temporary project passes its own copy). setMocks replaces the
 * runtime's global monitor, so calls must not overlap within one process.
 */
export async function captureRegistrations(pulumi: typeof pulumiType, build: () => void | Promise<void>): Promise<Registration[]> {
  const registrations: Registration[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const { plain, secretKeys: secretInputs } = unwrapSecrets(args.inputs);
        const providerText = typeof plain.__provider === "string" ? plain.__provider : undefined;
        registrations.push({ type: args.type, name: args.name, custom: args.custom ?? false, inputs: plain, secretInputs, providerText });
        auditSecretInputs(args.type, plain, secretInputs);
        return { id: args.custom ? `${args.name}-id` : undefined, state: args.inputs };
      },
      call: () => ({}),
    },
    "capture",
    "capture",
    false,
  );
  await build();
  await pulumi.runtime.disconnect();
  return registrations;
}
