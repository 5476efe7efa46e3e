// Every test worker: the emulators it starts note their secrets in the suite's audit trail.
import { installEmulatorAudit } from "../../harness/audit-trail";

installEmulatorAudit();
