import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { IMPLEMENTATIONS } from "../../implementations";
import { deriveSchema } from "./derive";
import { PLUGIN_FUNCTIONS } from "../functions";
import { openDeclarations } from "./declarations";
import { readClassDocs } from "./docs";
import { deriveFunctions } from "./functions";

/**
 * `npm run build` writes the package schema (`schema.json` beside package.json) from the
 * descriptors and the declarations just built; the plugin serves it and `pulumi package gen-sdk`
 * generates the SDKs from it.
 */
const root = join(__dirname, "../../../..");
const version = (require(join(root, "package.json")) as { version: string }).version;
const declarations = openDeclarations(join(root, "dist/index.d.ts"));
const schema = deriveSchema({ version, descriptors: IMPLEMENTATIONS.map((m) => m.descriptor), docs: readClassDocs(declarations), functions: (table) => deriveFunctions(declarations, PLUGIN_FUNCTIONS, table) });
writeFileSync(join(root, "schema.json"), `${JSON.stringify(schema, null, 2)}\n`);
console.log(`schema.json: ${Object.keys(schema.resources).length} resources, ${Object.keys(schema.functions).length} functions, ${Object.keys(schema.types).length} types, ${Object.keys(schema.config.variables).length} config variables`);
