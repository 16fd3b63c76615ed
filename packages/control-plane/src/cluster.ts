import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinaries, type Binaries } from './binaries.js';
import { Kubectl } from './kubectl.js';
import { kwokStagesYaml } from './kwok.js';

export interface Cluster {
  dir: string;
  kubeconfig: string;
  server: string;
  bin: Binaries;
  kubectl: Kubectl;
  /** Kills every process of the cluster and removes its folder. */
  stop(): Promise<void>;
}

// Pods get addresses from kwok's range, Services from the API server's: they must not overlap.
const SERVICE_CIDR = '10.96.0.0/16';
const POD_CIDR = '10.244.0.0/16';
const TOKEN = 'shop-control-plane-admin';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

interface Proc {
  name: string;
  child: ChildProcess;
  log: string;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function start(dir: string, name: string, bin: string, args: string[]): Proc {
  const log = join(dir, `${name}.log`);
  const fd = openSync(log, 'a');
  const child = spawn(bin, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return { name, child, log };
}

async function waitFor<T>(what: string, procs: Proc[], probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = procs.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    if (dead) throw new Error(`${dead.name} exited (${dead.child.exitCode ?? dead.child.signalCode}) while waiting for ${what}:\n${tail(dead.log)}`);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${procs.map((p) => `--- ${p.name}\n${tail(p.log, 10)}`).join('\n')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stopAll(procs: Proc[]): Promise<void> {
  await Promise.all(
    procs.reverse().map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
          const timer = setTimeout(() => p.child.kill('SIGKILL'), 5_000);
          p.child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          p.child.kill('SIGTERM');
        }),
    ),
  );
}

/**
 * Starts etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok on loopback,
 * in a fresh temporary folder, and returns once the API server is ready and the default
 * ServiceAccount exists (the controllers are working). No nodes yet: see nodes.ts.
 */
export async function startCluster(): Promise<Cluster> {
  const bin = findBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'shop-control-plane-'));
  const procs: Proc[] = [];
  // A test run that is cut short (a hook timeout, Ctrl-C) must not leave a control plane behind.
  const killAll = () => procs.forEach((p) => p.child.kill('SIGKILL'));
  process.once('exit', killAll);
  try {
    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
    const server = `https://127.0.0.1:${apiPort}`;

    // Service-account tokens: the API server signs them, the controller-manager mints them.
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'tokens.csv'), `${TOKEN},admin,admin,system:masters\n`);
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{ name: local, cluster: { server: "' + server + '", insecure-skip-tls-verify: true } }]',
        'users: [{ name: admin, user: { token: ' + TOKEN + ' } }]',
        'contexts: [{ name: local, context: { cluster: local, user: admin } }]',
        'current-context: local',
        '',
      ].join('\n'),
    );
    mkdirSync(join(dir, 'certs'));

    procs.push(
      start(dir, 'etcd', bin.etcd, [
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
        // A test cluster lives for minutes: durability buys nothing, fsync costs seconds.
        '--unsafe-no-fsync',
        '--log-level=warn',
      ]),
    );
    procs.push(
      start(dir, 'kube-apiserver', bin.kubeApiserver, [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        `--cert-dir=${join(dir, 'certs')}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${join(dir, 'sa.pub')}`,
        `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
        `--token-auth-file=${join(dir, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        '--allow-privileged=true',
        '--v=0',
      ]),
    );
    const kubectl = new Kubectl(bin.kubectl, kubeconfig);
    await waitFor('the API server to be ready', procs, async () => ((await kubectl.raw('/readyz')).trim() === 'ok' ? true : undefined), 120_000);

    procs.push(
      start(dir, 'kube-controller-manager', bin.kubeControllerManager, [
        `--kubeconfig=${kubeconfig}`,
        '--leader-elect=false',
        '--secure-port=0',
        '--controllers=*',
        `--service-account-private-key-file=${join(dir, 'sa.key')}`,
        `--root-ca-file=${join(dir, 'certs', 'apiserver.crt')}`,
        `--cluster-cidr=${POD_CIDR}`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        '--use-service-account-credentials=false',
        // kwok heartbeats every node; a short grace would only add flakiness on a busy machine.
        '--node-monitor-grace-period=120s',
      ]),
    );
    procs.push(start(dir, 'kube-scheduler', bin.kubeScheduler, [`--kubeconfig=${kubeconfig}`, '--leader-elect=false', '--secure-port=0']));
    writeFileSync(join(dir, 'kwok-stages.yaml'), await kwokStagesYaml());
    procs.push(
      start(dir, 'kwok', bin.kwok, [
        `--kubeconfig=${kubeconfig}`,
        `--config=${join(dir, 'kwok-stages.yaml')}`,
        // Only the nodes the tests create as simulated ones (nodes.ts sets this annotation).
        '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
        `--cidr=${POD_CIDR}`,
        '--node-ip=127.0.0.1',
        '--server-address=',
      ]),
    );
    await waitFor(
      'the controller-manager to create the default ServiceAccount',
      procs,
      async () => ((await kubectl.run(['get', 'serviceaccount', 'default', '-n', 'default', '-o', 'name'])).includes('default') ? true : undefined),
      120_000,
    );

    return {
      dir,
      kubeconfig,
      server,
      bin,
      kubectl,
      async stop() {
        process.off('exit', killAll);
        await stopAll(procs);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    process.off('exit', killAll);
    await stopAll(procs);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
