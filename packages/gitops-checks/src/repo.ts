// Where the repository and its gitops/ folder are, and how their YAML files are read.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const GITOPS_DIR = 'gitops';

/** The nearest folder at or above `start` that holds pnpm-workspace.yaml: the repository root. */
export function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No pnpm-workspace.yaml at or above ${start}: not inside the shop repository`);
    dir = parent;
  }
}

/** Every .yaml/.yml file under `dir`, sorted, as absolute paths. */
export function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listYamlFiles(path));
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

export interface LoadedDocument {
  /** Path relative to the repository root, for messages. */
  file: string;
  index: number;
  value: unknown;
}

/** Parses every document of a multi-document YAML text; a syntax error names the file. */
export function parseYamlDocuments(text: string, file: string): LoadedDocument[] {
  return parseAllDocuments(text).flatMap((doc, index) => {
    const [error] = doc.errors;
    if (error) throw new Error(`${file}: document ${index}: ${error.message}`);
    const value: unknown = doc.toJS();
    return value === null || value === undefined ? [] : [{ file, index, value }];
  });
}

/** Every document of every YAML file under gitops/. */
export function loadGitopsDocuments(root: string): LoadedDocument[] {
  return listYamlFiles(join(root, GITOPS_DIR)).flatMap((path) =>
    parseYamlDocuments(readFileSync(path, 'utf8'), relative(root, path)),
  );
}
