export * from "../../../harness/cli-project";
