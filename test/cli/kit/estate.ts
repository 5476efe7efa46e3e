export * from "../../../harness/cli-estate";
