// Writes the V8 code cache of a bundle into a folder, without running the bundle, so an image can ship it
// and a read-only container starts without compiling 2 MB of JavaScript:
//   node compile-cache.mjs <bundle.js> <cache dir>
// The image's last stage runs this with its own Node (a code cache is only accepted by the V8 build and
// flags that made it, for the same file path and contents); at run time NODE_COMPILE_CACHE names the
// folder. Plain JavaScript: the runtime image has Node and nothing else.
import { chmodSync, readdirSync } from 'node:fs';
import { constants, enableCompileCache, flushCompileCache } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [bundleArg, dirArg] = process.argv.slice(2);
if (!bundleArg || !dirArg) {
  process.stderr.write('usage: node compile-cache.mjs <bundle.js> <cache dir>\n');
  process.exit(2);
}
const bundle = resolve(bundleArg);
const dir = resolve(dirArg);

const enabled = enableCompileCache(dir);
if (enabled.status !== constants.compileCacheStatus.ENABLED) {
  process.stderr.write(`compile cache not enabled (status ${enabled.status}): ${enabled.message ?? ''}\n`);
  process.exit(1);
}

// Node makes a module's code cache when it compiles it, before linking. A probe that imports the bundle and
// a name that node:module does not export fails at linking, after the bundle has compiled and before
// any of it runs: no server starts and no database is asked for.
const MISSING = '__kitNoSuchExport';
const probe = `import ${JSON.stringify(pathToFileURL(bundle).href)}; import { ${MISSING} } from 'node:module';`;
try {
  await import(`data:text/javascript,${encodeURIComponent(probe)}`);
  throw new Error('the probe linked: the bundle ran');
} catch (err) {
  if (!(err instanceof SyntaxError && err.message.includes(MISSING))) {
    process.stderr.write(`could not compile ${bundle}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
flushCompileCache();

// Node writes entries owner-only (0600); the service runs as another user on a read-only filesystem.
const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
if (entries.length === 0) {
  process.stderr.write(`no compile cache written to ${dir}\n`);
  process.exit(1);
}
for (const e of entries) chmodSync(join(e.parentPath, e.name), 0o444);
for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }).filter((x) => x.isDirectory())) chmodSync(join(e.parentPath, e.name), 0o555);
chmodSync(dir, 0o555);
process.stdout.write(`compile cache for ${bundle}: ${entries.length} file(s) in ${dir}\n`);
