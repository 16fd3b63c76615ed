// `pnpm bench`: builds the bundles, starts them as production would, loads each procedure with
// autocannon next to a bare node:http baseline, and writes results/<date>.json plus a markdown table.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@shop/kit/testing';
import { buildBaseline, buildServiceBundles, stageBundles, unlockCompileCaches } from './build.js';
import { createBenchDatabases, type BenchDatabases } from './databases.js';
import { runFlashSale } from './flash-sale.js';
import { prepareFixtures, register } from './fixtures.js';
import { measure } from './load.js';
import { renderMarkdown } from './markdown.js';
import { parseBenchOptions } from './options.js';
import { startOtlpSink } from './otlp-sink.js';
import { resolveNode } from './node-binary.js';
import { benchRoot, SERVICES, type ServiceName } from './paths.js';
import { cpuSecondsOf, spawnBundle, type BenchProcess } from './process.js';
import { buildReport, LIMITS, type Measurements, type ProcessMeasurement } from './report.js';
import { cursorOfPage, hotQueries, LARGE, seedHeavyShopper, seedLarge, subjectOf } from './scale.js';
import { CONNECTIONS, ORDER_SHOPPERS, SCENARIOS, type Origins } from './scenarios.js';
import { measureReplicaStaleness } from './staleness.js';
import { measureStartups, renderStartup, type StartupTarget } from './startup.js';
import pg from 'pg';

/** CPU seconds used so far by every running process and by this one (the load generator). */
async function cpuSnapshot(procs: readonly BenchProcess[]): Promise<Record<string, number>> {
  const snapshot: Record<string, number> = { autocannon: await cpuSecondsOf(process.pid) };
  for (const p of procs) snapshot[p.name] = await p.cpuSeconds();
  return snapshot;
}

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let options;
try {
  options = parseBenchOptions(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
}

const nodeBinary = resolveNode(options.nodePath, log);
const node = nodeBinary.path;
// The sampler as the deployment would set it; the bench's own environment may override it.
const sampler = process.env.OTEL_TRACES_SAMPLER ?? 'parentbased_traceidratio';
const samplerArg = process.env.OTEL_TRACES_SAMPLER_ARG ?? '0.1';

const runDir = await mkdtemp(join(tmpdir(), 'shop-bench-'));
const running: BenchProcess[] = [];
const sink = await startOtlpSink();
let databases: BenchDatabases | undefined;
let exitCode = 0;

try {
  databases = await createBenchDatabases();
  const dbs = databases;
  if (options.build) {
    log('building the four service bundles');
    await buildServiceBundles();
  }
  const baselineFile = await buildBaseline(join(runDir, 'baseline'));
  const bundles = await stageBundles(runDir, node);

  const ports = { baseline: await freePort() } as Record<ServiceName | 'baseline', number>;
  for (const { name } of SERVICES) ports[name] = await freePort();
  const origins = Object.fromEntries(Object.entries(ports).map(([k, p]) => [k, `http://127.0.0.1:${p}`])) as Origins;

  const envFor = (name: ServiceName): Record<string, string> => {
    const service = SERVICES.find((s) => s.name === name);
    const env: Record<string, string> = {
      ...dbs.env[name],
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      SERVICE_VERSION: 'bench',
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
      OTEL_TRACES_SAMPLER: sampler,
      OTEL_TRACES_SAMPLER_ARG: samplerArg,
      // As the image sets it: the V8 code cache made at build time.
      NODE_COMPILE_CACHE: bundles[name].compileCache,
    };
    for (const callee of service?.calls ?? []) env[`${callee.toUpperCase()}_SERVICE_URL`] = origins[callee];
    return env;
  };

  /** Starts a bundle `starts` times (the first on a fresh database), keeping the last one running. */
  const startTimed = async (name: ServiceName | 'baseline', file: string, env: Record<string, string>) => {
    const times: number[] = [];
    let proc: BenchProcess | undefined;
    for (let i = 0; i < options.starts; i++) {
      if (proc) await proc.stop();
      // Only the last start is profiled: it is the one that serves the load.
      const nodeArgs = options.profileDir && i === options.starts - 1 ? ['--cpu-prof', `--cpu-prof-dir=${join(options.profileDir, name)}`] : [];
      proc = await spawnBundle({ name, file, port: ports[name], env, logFile: join(runDir, `${name}.log`), node, nodeArgs });
      times.push(proc.readyMs);
    }
    if (!proc) throw new Error('no start');
    running.push(proc);
    log(`${name} ready in ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
    return { proc, firstReadyMs: times[0] ?? 0, readyMs: times.slice(1) };
  };

  if (options.only === 'startup') {
    // One first start each runs the migrations; then the timed rounds, all on migrated databases.
    for (const { name } of SERVICES) {
      const first = await spawnBundle({ name, file: bundles[name].file, port: ports[name], env: envFor(name), logFile: join(runDir, `${name}.log`), node });
      await first.stop();
    }
    const targets: StartupTarget[] = [{ name: 'baseline', file: baselineFile, env: {}, port: ports.baseline }];
    for (const { name } of SERVICES) {
      const withoutCache = envFor(name);
      delete withoutCache.NODE_COMPILE_CACHE;
      targets.push({ name, file: bundles[name].file, env: envFor(name), port: ports[name] });
      targets.push({ name: `${name} (no compile cache)`, file: bundles[name].file, env: withoutCache, port: ports[name] });
    }
    log(`start-up only: ${options.starts} rounds of ${targets.length} starts`);
    const rows = await measureStartups(targets, options.starts, { node, logDir: runDir, log });
    const date = new Date().toISOString();
    const heading = `Start-up, ${date.slice(0, 16).replace('T', ' ')} UTC: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${nodeBinary.version}, ${dbs.label}; median of ${options.starts} starts each, interleaved`;
    const outDir = options.outDir ?? join(benchRoot, 'results');
    await mkdir(outDir, { recursive: true });
    const file = join(outDir, `${date.slice(0, 19).replace(/:/g, '-')}-startup.json`);
    await writeFile(file, `${JSON.stringify({ date, node: nodeBinary.version, database: dbs.label, starts: options.starts, rows }, null, 2)}\n`);
    process.stdout.write(`${renderStartup(rows, heading, LIMITS.readyRatio)}\n\nWritten to ${file}\n`);
    const missed = rows.some((row) => !row.name.includes('(') && row.readyRatio > LIMITS.readyRatio);
    exitCode = options.strict && missed ? 1 : 0;
  } else {
    // One at a time, so no start-up competes with another for the two cores.
    const started = new Map<ServiceName | 'baseline', Awaited<ReturnType<typeof startTimed>>>();
    started.set('baseline', await startTimed('baseline', baselineFile, {}));
    for (const { name } of SERVICES) started.set(name, await startTimed(name, bundles[name].file, envFor(name)));

    await sleep(options.quick ? 500 : 2000); // idle: nothing in flight, start-up garbage settled
    const idle = new Map<string, { rssMiB: number; peakMiB: number }>();
    for (const [name, s] of started) idle.set(name, await s.proc.memory());

    const productDbUrl = dbs.env.product.DATABASE_URL;
    const orderDbUrl = dbs.env.order.DATABASE_URL;
    /** One statement on the product database (the bench's own hand on stock). */
    const productSql = async (text: string, values: unknown[] = []) => {
      if (!productDbUrl) throw new Error('needs PostgreSQL (DATABASE_URL)');
      const client = new pg.Client({ connectionString: productDbUrl });
      await client.connect();
      try {
        return (await client.query<{ stock: number }>(text, values)).rows;
      } finally {
        await client.end();
      }
    };
    // Stock to spare everywhere: the order scenario picks any product of the catalog by popularity.
    if (productDbUrl) await productSql('update products set stock = 1000000');

    log('preparing shoppers, carts and stock');
    const fixtures = await prepareFixtures(
      { product: origins.product, cart: origins.cart, order: origins.order, user: origins.user },
      ORDER_SHOPPERS,
    );

    // Prometheus scrapes every service while it works, as in the cluster.
    const scrape = setInterval(() => {
      for (const { name } of SERVICES) void fetch(`${origins[name]}/metrics`).then((r) => r.arrayBuffer()).catch(() => undefined);
    }, 5000);

    const results: Measurements['scenarios'] = [];
    const baseline = SCENARIOS.find((s) => s.target === 'baseline');
    const plan = baseline ? [...SCENARIOS, { ...baseline, name: 'baseline (again)' }] : SCENARIOS;
    for (const scenario of plan) {
      log(`${scenario.name}: ${options.warmupS} s warm-up, ${options.seconds} s measured, ${scenario.connections} connections`);
      const cpuBefore = await cpuSnapshot(running);
      const result = await measure(scenario.spec(origins, fixtures, scenario.connections), options.warmupS, options.seconds);
      const cpuAfter = await cpuSnapshot(running);
      // CPU per measured request over warm-up and run alike (both load the same way): who pays for a call.
      const served = result.count * ((options.warmupS + options.seconds) / options.seconds);
      const cpuMsPerRequest = Object.fromEntries(
        Object.entries(cpuAfter)
          .map(([name, s]) => [name, served > 0 ? ((s - (cpuBefore[name] ?? 0)) * 1000) / served : 0] as const)
          .filter(([, ms]) => ms >= 0.0005),
      );
      log(`${scenario.name}: ${result.requestsPerS.toFixed(0)} req/s, p99 ${result.p99Ms} ms, errors ${result.errors + result.warmupErrors}`);
      results.push({ name: scenario.name, target: scenario.target, connections: scenario.connections, note: scenario.note, minRatio: scenario.minRatio, result, cpuMsPerRequest });
    }
    clearInterval(scrape);

    const extra: Pick<Measurements, 'staleness' | 'scale' | 'flashSale'> = {};
    if (options.stalenessChanges > 0 && productDbUrl) {
      log(`catalog cache staleness: a second product replica, ${options.stalenessChanges} stock changes`);
      extra.staleness = await measureReplicaStaleness({
        productOrigin: origins.product,
        productDbUrl,
        productId: fixtures.productId,
        changes: options.stalenessChanges,
        replica: { file: bundles.product.file, env: envFor('product'), logFile: join(runDir, 'product-replica-2.log'), node },
      });
      log(`staleness: p50 ${extra.staleness.p50Ms} ms, p99 ${extra.staleness.p99Ms} ms, max ${extra.staleness.maxMs} ms`);
    }
    if (options.flashSaleBuyers > 0 && productDbUrl) {
      const stock = Math.max(1, Math.floor(options.flashSaleBuyers / 10));
      const productId = fixtures.orderProductIds.at(-1) as string;
      log(`flash sale: registering ${options.flashSaleBuyers} buyers for ${productId}, stock ${stock}`);
      extra.flashSale = await runFlashSale({
        urls: { product: origins.product, cart: origins.cart, order: origins.order, user: origins.user },
        buyers: options.flashSaleBuyers,
        stock,
        productId,
        setStock: async (n) => void (await productSql('update products set stock = $1 where id = $2', [n, productId])),
        readStock: async () => (await productSql('select stock from products where id = $1', [productId]))[0]?.stock ?? -1,
        log,
      });
      log(`flash sale: ${extra.flashSale.sold} sold, ${extra.flashSale.ordersPerS} orders/s, p99 ${extra.flashSale.p99Ms} ms`);
    }
    if (options.seed === 'large') {
      if (!productDbUrl || !orderDbUrl) throw new Error('--seed large needs PostgreSQL: set DATABASE_URL');
      const urls = { product: origins.product, cart: origins.cart, order: origins.order, user: origins.user };
      const heavyToken = await register(urls, 'heavy');
      await seedHeavyShopper(orderDbUrl, subjectOf(heavyToken));
      // Short runs: twelve of them, and the p99s, not the rates, are compared.
      const warmupS = Math.min(options.warmupS, 2);
      const seconds = Math.max(2, Math.round(options.seconds / 3));
      const measureHot = async (size: string) => {
        const results = [];
        for (const q of hotQueries(await cursorOfPage(origins.product, 50), heavyToken)) {
          const result = await measure(q.spec(origins, CONNECTIONS), warmupS, seconds);
          log(`${q.name} at ${size}: p99 ${result.p99Ms} ms, ${result.requestsPerS.toFixed(0)} req/s, errors ${result.errors + result.warmupErrors}`);
          results.push({ name: q.name, note: q.note, result });
        }
        return results;
      };
      const small = await measureHot('30 products');
      await seedLarge({ product: productDbUrl, order: orderDbUrl }, subjectOf(heavyToken), log);
      await sleep(2000); // the product cache reloads the new catalog; autovacuum settles
      const large = await measureHot(`${LARGE.products} products`);
      extra.scale = {
        small: '30 products, 1,000 orders',
        large: '100,000 products, 1,000,000 orders',
        queries: small.map((s, i) => ({ name: s.name, note: s.note, small: s.result, large: (large[i] as (typeof large)[number]).result })),
      };
    }
    await sleep(1000); // let the last trace batch go out

    const measured = (name: ServiceName | 'baseline', bundleBytes?: number): Promise<ProcessMeasurement> => {
      const s = started.get(name);
      if (!s) throw new Error(`${name} not started`);
      return s.proc.memory().then((after) => ({
        bundleBytes,
        firstReadyMs: s.firstReadyMs,
        readyMs: s.readyMs,
        rssIdleMiB: idle.get(name)?.rssMiB ?? 0,
        rssAfterMiB: after.rssMiB,
        peakMiB: after.peakMiB,
      }));
    };
    const services: Record<string, ProcessMeasurement> = {};
    for (const { name } of SERVICES) services[name] = await measured(name, bundles[name].bytes);
    const cpu = cpus()[0];
    const report = buildReport({
      date: new Date(),
      quick: options.quick,
      settings: { warmupS: options.warmupS, seconds: options.seconds },
      environment: {
        node: nodeBinary.source === 'npm node@24' || nodeBinary.source === 'NODE24_BIN' ? nodeBinary.version : `${nodeBinary.version} (${nodeBinary.source})`,
        cpus: cpus().length,
        cpuModel: cpu?.model.trim() ?? 'unknown',
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        database: dbs.label,
        tracing: `tracing on (${sampler}${sampler.includes('ratio') ? ` ${samplerArg}` : ''}, OTLP/HTTP to a local sink)`,
        logging: 'logging on (info, JSON to a file)',
        traceExports: sink.received(),
      },
      baseline: await measured('baseline'),
      services,
      scenarios: results,
      ...extra,
    });

    const outDir = options.outDir ?? join(benchRoot, 'results');
    await mkdir(outDir, { recursive: true });
    const file = join(outDir, `${report.date.slice(0, 19).replace(/:/g, '-')}${options.quick ? '-quick' : ''}.json`);
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${renderMarkdown(report)}\n\nWritten to ${file}\n`);
    const hadErrors = report.throughput.some((t) => t.errors + t.warmupErrors > 0);
    if (hadErrors) log('requests failed: see the errors column');
    exitCode = hadErrors || (options.strict && !report.passed) ? 1 : 0;
  }
} catch (err) {
  log(`failed: ${(err as Error).stack ?? String(err)}`);
  exitCode = 1;
} finally {
  await Promise.all(running.map((p) => p.stop()));
  await databases?.drop().catch(() => undefined);
  await sink.close();
  await unlockCompileCaches(runDir);
  await rm(runDir, { recursive: true, force: true });
}
process.exit(exitCode);
