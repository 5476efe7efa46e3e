import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pluginConfigKey } from "../providers/plugin/configure";
import { CliProject, cliEnv, DEV_PULUMI, npmInstall, packedTarball, projectRoot } from "./cli-project";

export interface PluginProjectOptions {
  name: string;
  /** Pulumi.yaml's `runtime:` block, as YAML text indented by two spaces (e.g. `  name: yaml`). */
  runtime: string;
  /** Program files by path relative to the project. */
  files: Record<string, string>;
  /** Directories put on PATH after the CLI's (language hosts). */
  extraPath?: string[];
  env?: Record<string, string>;
}

/**
 * A project in any Pulumi language that uses the provider plugin as the README tells users to:
 * the packed package (with its peer @pulumi/pulumi) installed with npm into a directory of its
 * own, and Pulumi.yaml's `plugins.providers` naming the `bin/` that holds
 * `pulumi-resource-backupinfra`, so the CLI starts the plugin from the installed package.
 */
export class PluginProject extends CliProject {
  /** The directory the CLI finds `pulumi-resource-backupinfra` in. */
  pluginDir = "";

  static async create(opts: PluginProjectOptions): Promise<PluginProject> {
    const tarball = await packedTarball();
    const { root, dir, stateDir } = projectRoot(opts.name);
    const install = join(root, "backupinfra");
    mkdirSync(install);
    writeFileSync(join(install, "package.json"), `${JSON.stringify({ private: true, dependencies: { "@pulumi/pulumi": DEV_PULUMI, "pulumi-backup-infra": `file:${tarball}` } }, null, 2)}\n`);
    await npmInstall(install);
    const pluginDir = join(install, "node_modules/pulumi-backup-infra/bin");
    writeFileSync(join(dir, "Pulumi.yaml"), `name: ${opts.name}\nruntime:\n${opts.runtime}\nplugins:\n  providers:\n    - name: backupinfra\n      path: ${pluginDir}\n`);
    for (const [path, text] of Object.entries(opts.files)) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    // A Node.js program's own dependencies (@pulumi/pulumi), as its package.json lists them.
    if ("package.json" in opts.files) await npmInstall(dir);
    const project = new PluginProject(dir, stateDir, { ...cliEnv(root, stateDir, opts.extraPath), ...opts.env }, root);
    project.pluginDir = pluginDir;
    return project;
  }
}

/** The emulators' stack config (`spp:url` …) as the plugin reads it (`backupinfra:sppUrl` …). */
export function pluginStackConfig(vendorConfig: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(vendorConfig).map(([key, value]) => {
      const [vendor, name] = key.split(":");
      return [pluginConfigKey(vendor, name), value];
    }),
  );
}
