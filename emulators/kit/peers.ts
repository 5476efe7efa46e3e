/**
 * The emulators' web server and certificate generator are optional peer dependencies, so that a
 * program that never starts an emulator does not install them (fastify's light-my-request wants
 * Node 22, which npm warns about on Node 20). Loaded first by the emulators' entry points, this
 * turns a missing one into a message that says what to install.
 */
export const EMULATOR_PEERS = ["fastify", "selfsigned"] as const;

export function missingEmulatorPeers(resolve: (name: string) => unknown = require.resolve): string[] {
  return EMULATOR_PEERS.filter((name) => {
    try {
      resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

const missing = missingEmulatorPeers();
if (missing.length > 0) {
  throw new Error(
    `pulumi-backup-infra/emulators needs ${missing.join(" and ")}, which are optional peer dependencies of pulumi-backup-infra: ` +
      `npm install --save-dev fastify@^5 selfsigned@^5`,
  );
}
