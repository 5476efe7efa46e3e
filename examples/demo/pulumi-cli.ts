import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** The Pulumi CLI's path when it is on PATH, else undefined. */
export function findPulumiCli(pathVar = process.env.PATH ?? "", isWindows = process.platform === "win32"): string | undefined {
  const names = isWindows ? ["pulumi.exe", "pulumi.cmd"] : ["pulumi"];
  for (const dir of pathVar.split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
