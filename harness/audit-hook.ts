// Preloaded (`node --require dist/harness/audit-hook.js`) into a process the tests start that runs
// emulators, e.g. the demo: its emulators then note their secrets in the suite's audit trail.
import { installEmulatorAudit } from "./audit-trail";

installEmulatorAudit();
