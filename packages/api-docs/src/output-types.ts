// What each procedure answers, from the code: the TypeScript compiler's own reading of
// `inferProcedureOutput` for every procedure, printed structurally (fields in declaration order).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { ServiceName } from '@shop/kit/services';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const routerTypes: Record<ServiceName, string> = { product: 'ProductRouter', cart: 'CartRouter', user: 'UserRouter', order: 'OrderRouter' };

/** A printer of types that names the shapes listed in `names` (shape text → name) wherever they occur. */
function typePrinter(checker: ts.TypeChecker, names: ReadonlyMap<string, string>) {
  const print = (type: ts.Type, top: boolean): string => {
    if (type.isUnion()) {
      const parts = type.types;
      const booleans = parts.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
      const rest = parts.filter((t) => !(t.flags & ts.TypeFlags.BooleanLiteral)).map((t) => print(t, false));
      return [...rest, ...(booleans.length === 2 ? ['boolean'] : booleans.map((t) => checker.typeToString(t)))].join(' | ');
    }
    if (type.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral | ts.TypeFlags.BooleanLiteral)) return checker.typeToString(type);
    if (type.flags & (ts.TypeFlags.String | ts.TypeFlags.Number | ts.TypeFlags.Boolean | ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) {
      return checker.typeToString(type);
    }
    // No transformer: a Date travels as its JSON, an ISO 8601 string.
    if (type.getSymbol()?.name === 'Date') return 'string';
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const element = print(checker.getTypeArguments(type as ts.TypeReference)[0] as ts.Type, false);
      return element.includes(' | ') ? `(${element})[]` : `${element}[]`;
    }
    if (type.flags & ts.TypeFlags.Object || type.isIntersection()) {
      const fields = checker.getPropertiesOfType(type).map((property) => {
        const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
        const value = checker.getTypeOfSymbol(property);
        const shown = optional ? checker.getNonNullableType(value) : value;
        return `${property.name}${optional ? '?' : ''}: ${print(shown, false)}`;
      });
      const text = `{ ${fields.join('; ')} }`;
      return top ? text : (names.get(text) ?? text);
    }
    return checker.typeToString(type);
  };
  return (type: ts.Type) => print(type, false);
}

export interface OutputTypes {
  /** Output text of procedure `path` (e.g. `cart.get`), using the named shapes. */
  of(path: string): string;
  /** The named shapes, name → full text. */
  named: [string, string][];
}

/** Reads the routers' output types; `named` maps a shape name to the procedure whose output defines it. */
export function readOutputTypes(procedures: readonly string[], named: Record<string, string>): OutputTypes {
  const file = join(packageDir, 'src', '__outputs__.ts');
  const services = [...new Set(procedures.map((p) => p.split('.')[0] as ServiceName))];
  const access = (path: string) => `${routerTypes[path.split('.')[0] as ServiceName]}${path.split('.').map((k) => `['${k}']`).join('')}`;
  const source = [
    "import type { inferProcedureOutput } from '@trpc/server';",
    ...services.map((s) => `import type { ${routerTypes[s]} } from '@shop/${s}/router';`),
    'export interface Outputs {',
    ...procedures.map((p) => `  '${p}': inferProcedureOutput<${access(p)}>;`),
    '}',
  ].join('\n');
  const config = ts.getParsedCommandLineOfConfigFile(join(packageDir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error('cannot read the tsconfig of @shop/api-docs');
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language, true) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const program = ts.createProgram([file], config.options, host);
  const errors = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, host));
  const checker = program.getTypeChecker();
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file) as ts.SourceFile) as ts.Symbol);
  const outputs = checker.getDeclaredTypeOfSymbol(exports.find((e) => e.name === 'Outputs') as ts.Symbol);

  const typeOf = (path: string): ts.Type => {
    const property = outputs.getProperty(path);
    if (!property) throw new Error(`no output type for ${path}`);
    return checker.getTypeOfSymbol(property);
  };

  const plain = typePrinter(checker, new Map());
  const definitions = Object.entries(named).map(([name, path]): [string, string] => [name, plain(typeOf(path))]);
  const print = typePrinter(checker, new Map(definitions.map(([name, text]) => [text, name])));
  // A shape's own definition: its fields, which may use the other names.
  const printTop = (type: ts.Type): string => {
    const fields = checker.getPropertiesOfType(type).map((property) => {
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      const value = checker.getTypeOfSymbol(property);
      return `${property.name}${optional ? '?' : ''}: ${print(optional ? checker.getNonNullableType(value) : value)}`;
    });
    return `{ ${fields.join('; ')} }`;
  };
  return { of: (path) => print(typeOf(path)), named: Object.entries(named).map(([name, path]) => [name, printTop(typeOf(path))]) };
}
