// Compiles TypeScript snippets in memory (the reference's code samples, the guides' blocks) against
// the repository's packages, and returns the compiler's errors as text, one per diagnostic.
import ts from "typescript";

export interface CompileOptions {
  /** Module specifiers mapped to source files, e.g. "@sideconvo/client" → packages/client/src/index.ts. */
  paths: Record<string, string[]>;
  /** More files to compile with the snippets (module augmentations such as a Vitest `inject` typing). */
  roots?: string[];
  /** Compiler options on top of the shared strict ones. */
  options?: ts.CompilerOptions;
}

/** `files`: file name → text; undefined reads the file from disk. */
export function compileSnippets(
  files: Record<string, string | undefined>,
  { paths, roots = [], options = {} }: CompileOptions,
) {
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    types: ["node"],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    paths,
    ...options,
  };
  const host = ts.createCompilerHost(compilerOptions);
  const read = host.readFile.bind(host);
  host.readFile = (name) => files[name] ?? read(name);
  host.fileExists = (name) => name in files || ts.sys.fileExists(name);
  const program = ts.createProgram([...Object.keys(files), ...roots], compilerOptions, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ({
    file: d.file?.fileName ?? "",
    message: `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
  }));
}
