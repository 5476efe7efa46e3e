import ts from "typescript";

/** What an input, an output or a lookup's value may be wrapped in; the fields are those of the value inside. */
export const WRAPPERS = new Set(["Promise", "PromiseLike", "OutputInstance", "Output"]);

/** The package's built declarations, compiled once, as a user's compiler reads them. Build time only. */
export interface Declarations {
  readonly checker: ts.TypeChecker;
  /** The main entry's exports by name: the exported symbol and what it stands for. */
  readonly exports: ReadonlyMap<string, { exported: ts.Symbol; symbol: ts.Symbol }>;
  /** A symbol's doc comment, trimmed ("" for none). */
  doc(symbol: ts.Symbol): string;
}

export function openDeclarations(entry: string): Declarations {
  const program = ts.createProgram([entry], { strict: true, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`cannot read the declarations ${entry}`);
  const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((exported) => [exported.name, { exported, symbol: exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported }]));
  return { checker, exports, doc: (symbol) => ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() };
}
