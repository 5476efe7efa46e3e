import { afterAll, beforeAll } from "vitest";
import { startAllEmulators, type AllEmulators } from "../../../emulators";
import { lateBound } from "../../providers/late-bound";
import { COMMAND_MS, UserProject } from "./project";

/**
 * A real-CLI test file's rig: all the emulators (TLS) and a user project named `name` whose
 * index.ts is `program`, made before the file's tests (`started` sees the emulators before the
 * project is made) and closed after them, the project first. Both usable from beforeAll on.
 */
export function useEmulatorsAndProject(name: string, program: string, started: (emulators: AllEmulators) => void = () => undefined): { emulators: AllEmulators; project: UserProject } {
  const emulators = lateBound<AllEmulators>("the emulators");
  const project = lateBound<UserProject>(`the ${name} project`);
  beforeAll(async () => {
    emulators.set(await startAllEmulators({ tls: true }));
    started(emulators.value);
    project.set(await UserProject.create({ name, files: { "index.ts": program } }));
  }, COMMAND_MS);
  afterAll(async () => {
    await project.current()?.close();
    await emulators.current()?.close();
  }, COMMAND_MS);
  return { emulators: emulators.value, project: project.value };
}
