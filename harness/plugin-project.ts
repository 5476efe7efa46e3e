import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Setting } from "../providers/core/connection";
import { nsxConnection } from "../providers/nsx/connection";
import { pluginConfigKey } from "../providers/plugin/configure";
import { scpConnection } from "../providers/scp/connection";
import { sdpConnection } from "../providers/sdp/connection";
import { sppConnection } from "../providers/spp/connection";
import { vspcConnection } from "../providers/vspc/connection";
import { CliProject, cliEnv, DEV_PULUMI, npmInstall, packedTarball, projectRoot } from "./cli-project";

export interface PluginProjectOptions {
  name: string;
  /** Program files by path relative to the project, Pulumi.yaml among them. */
  files: Record<string, string>;
  /** The directory whose `pulumi` runs the commands (default: `npm run pulumi:bin`'s). */
  cliBin?: string;
  env?: Record<string, string>;
}

/** Pulumi.yaml's `plugins` block that starts the plugin from the package npm installed in the project (the README's set-up). */
export const PLUGIN_FROM_NODE_MODULES = "plugins:\n  providers:\n    - name: backupinfra\n      path: ./node_modules/pulumi-backup-infra/bin\n";

/**
 * A project in any Pulumi language that uses the provider plugin as the README tells users to:
 * the packed package and its peer @pulumi/pulumi installed with npm in the project, and
 * Pulumi.yaml's `plugins.providers` naming its `bin/` (which holds `pulumi-resource-backupinfra`),
 * so the CLI starts the plugin from the installed package.
 */
export class PluginProject extends CliProject {
  static async create(opts: PluginProjectOptions): Promise<PluginProject> {
    if (!opts.files["Pulumi.yaml"]?.includes("pulumi-resource-backupinfra") && !opts.files["Pulumi.yaml"]?.includes("node_modules/pulumi-backup-infra/bin")) {
      throw new Error(`${opts.name}: its Pulumi.yaml must name the plugin (${PLUGIN_FROM_NODE_MODULES.trim()})`);
    }
    const tarball = await packedTarball();
    const { root, dir, stateDir } = projectRoot(opts.name);
    for (const [path, text] of Object.entries(opts.files)) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const given = "package.json" in opts.files ? (JSON.parse(opts.files["package.json"]) as { dependencies?: Record<string, string> }) : {};
    const pkg = { name: opts.name, private: true, ...given, dependencies: { "@pulumi/pulumi": DEV_PULUMI, ...given.dependencies, "pulumi-backup-infra": `file:${tarball}` } };
    writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
    await npmInstall(dir);
    return new PluginProject(dir, stateDir, { ...cliEnv(root, stateDir, opts.cliBin), ...opts.env }, root);
  }

  /** The directory the CLI finds `pulumi-resource-backupinfra` in. */
  get pluginDir(): string {
    return join(this.dir, "node_modules/pulumi-backup-infra/bin");
  }

  /** A file of the project, as text. */
  read(path: string): string {
    return readFileSync(join(this.dir, path), "utf8");
  }
}

/** The emulators' stack config (`spp:url` …) as the plugin reads it (`backupinfra:sppUrl` …), each setting its vendor calls secret marked so. */
export function pluginStackConfig(vendorConfig: Record<string, string>): Record<string, { value: string; secret: boolean }> {
  return Object.fromEntries(
    Object.entries(vendorConfig).map(([key, value]) => {
      const [vendor, name] = key.split(":");
      const setting = (CONNECTIONS.find((c) => c.vendor === vendor)?.settings as Record<string, Setting> | undefined)?.[name];
      if (!setting) throw new Error(`${key} is no connection setting of any vendor`);
      return [pluginConfigKey(vendor, name), { value, secret: setting.secret === true }];
    }),
  );
}

/** Every vendor's connection settings: which are secret is theirs to say. */
const CONNECTIONS = [sppConnection, vspcConnection, sdpConnection, scpConnection, nsxConnection];
