// The pack the engine runs (`pulumi preview --policy-pack policies`): every rule at its default level.
import { BackupInfraPolicyPack } from "./library";

new BackupInfraPolicyPack("backup-infra");
