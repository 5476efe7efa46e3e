// The package's main entry: the resource classes and lookups (providers/), and the components built on them.
export * from "./providers";
export * from "./components";
