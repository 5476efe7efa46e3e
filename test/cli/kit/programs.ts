/**
 * The source of an `SdpServer` in a real-CLI test program: the seed's image, flavor and two
 * networks (data and storage planes), its admin password the stack's secret `adminPass` (the
 * program declares `config = new pulumi.Config()`). `name` is a TypeScript expression, `extra` are
 * further input lines; every line after the first starts with `indent`, for a declaration nested
 * in a block.
 */
export function sdpServerSource(name: string, extra: string[] = [], opts: { resource?: string; indent?: string } = {}): string {
  const { resource = "esx", indent = "" } = opts;
  const lines = [
    `new SdpServer(${JSON.stringify(resource)}, {`,
    `  name: ${name},`,
    `  adminPass: config.requireSecret("adminPass"),`,
    `  imageRef: "b5660a6e-4b46-4be3-9707-6b47221b454f",`,
    `  flavorRef: "05184ba3-00ba-4fbc-b7a2-03b62b884931",`,
    `  networks: [`,
    `    { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a22", plane: "data", segmentationId: 2001 },`,
    `    { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a23", plane: "storage", segmentationId: 2002 },`,
    `  ],`,
    ...extra.map((line) => `  ${line}`),
    `});`,
  ];
  return lines.map((line, i) => (i === 0 ? line : indent + line)).join("\n");
}
