#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { main } from "@pulumi/pulumi/provider";
import { patchProviderServer } from "./server";
import { pluginProvider } from "./provider";

/**
 * The `backupinfra` provider plugin (`pulumi-resource-backupinfra`, ../../bin): the engine starts
 * it with the engine's address and talks gRPC to the port it prints. Its schema is the one the
 * build derived from the descriptors (`schema.json` beside package.json).
 */
const PACKAGE_ROOT = join(__dirname, "../../..");
const version = (require(join(PACKAGE_ROOT, "package.json")) as { version: string }).version;

patchProviderServer();
void main(pluginProvider(version, () => readFile(join(PACKAGE_ROOT, "schema.json"), "utf8")), process.argv.slice(2));
