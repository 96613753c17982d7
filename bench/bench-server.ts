/**
 * The real Segflow server (apps/server/src/main.ts) in a child process, for the
 * server and editor sections: a fresh temporary data directory, no demo data,
 * an admin to sign in as, and the built web app when asked for.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { progress } from './measure.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WEB = join(ROOT, 'apps', 'web');
// Only used by this throwaway server on a temporary data directory.
const ADMIN = { email: 'bench-admin@segflow.test', password: 'bench-admin-password' };
const STARTUP_MS = 60_000;

export interface BenchServerOptions {
  /** Files to put in the server's datasets folder, by the name documents use: { 'customers.parquet': '/abs/path' }. */
  datasets?: Record<string, string>;
  /** Serve the web app: build it first if apps/web/dist is missing or older than its sources. */
  web?: boolean;
  /** Extra environment for the server, e.g. { SEGFLOW_DESTINATION_ALLOW: '127.0.0.1/32' } for a loopback webhook. */
  env?: Record<string, string>;
  /** Extra flags for node, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] to see where the server's time goes. */
  nodeArgs?: string[];
}

export interface BenchServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
  /** The admin's session cookie, as a header: every API call and the load generator send it. */
  authHeaders: Record<string, string>;
  /** The same session as a browser cookie. */
  sessionCookie: { name: string; value: string };
  dataDir: string;
  /** The server's own node process (not a pnpm wrapper), so /proc/<pid> is the server. */
  pid: number;
  /** Peak resident memory of the server process so far (VmHWM), in MB. */
  peakRssMb(): number;
  /** CPU time (user + system) the server process has used so far, in ms. */
  cpuMs(): number;
  /** Stops the server (SIGTERM, as an operator would) and removes the data directory. */
  stop(): Promise<void>;
}

export async function startBenchServer(options: BenchServerOptions = {}): Promise<BenchServer> {
  if (options.web) ensureWebBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'segflow-bench-'));
  await mkdir(join(dataDir, 'datasets'));
  for (const [name, path] of Object.entries(options.datasets ?? {})) await copyFile(path, join(dataDir, 'datasets', name));

  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', join(ROOT, 'apps', 'server', 'src', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      SEGFLOW_DATA_DIR: dataDir,
      SEGFLOW_DEMO: 'off',
      SEGFLOW_ADMIN_EMAIL: ADMIN.email,
      SEGFLOW_ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await listeningUrl(() => output, exited);
    const session = await signIn(url);
    return {
      url, dataDir, pid: child.pid!, sessionCookie: session,
      authHeaders: { cookie: `${session.name}=${session.value}` },
      peakRssMb: () => peakRssMb(child.pid!),
      cpuMs: () => cpuMs(child.pid!),
      stop,
    };
  } catch (e) {
    await stop();
    throw new Error(`the bench server did not start: ${(e as Error).message}\n--- server output ---\n${output.slice(-4000)}`);
  }
}

/** Waits for main.ts's "Segflow is running at http://localhost:<port>" and the health check. */
async function listeningUrl(output: () => string, exited: Promise<number | null>): Promise<string> {
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`it exited with code ${gone}`);
    const port = /Segflow is running at http:\/\/localhost:(\d+)/.exec(output())?.[1];
    if (port) {
      const url = `http://127.0.0.1:${port}`;
      const health = await fetch(`${url}/api/health`).catch(() => undefined);
      if (health?.ok) return url;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no answer within ${STARTUP_MS / 1000} s`);
}

/** Signs in as the admin through the API, as the web app's form does, and keeps the session cookie. */
async function signIn(url: string): Promise<{ name: string; value: string }> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN),
  });
  if (!response.ok) throw new Error(`signing in answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.getSetCookie()[0];
  const pair = /^([^=;\s]+)=([^;]*)/.exec(cookie ?? '');
  if (!pair) throw new Error('signing in set no cookie');
  return { name: pair[1], value: pair[2] };
}

/** VmHWM of a live process, in MB: the kernel's own peak, so nothing between samples is missed. */
export function peakRssMb(pid: number): number {
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmHWM for process ${pid}`);
  return Number(kb) / 1024;
}

/** utime + stime of a live process from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms), in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The web bundle holds the engine and the API contract too, so their sources count as the web app's. */
const WEB_SOURCES = [
  join(WEB, 'src'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts'), join(WEB, 'package.json'),
  join(ROOT, 'packages', 'engine', 'src'), join(ROOT, 'packages', 'contract', 'src'),
];

/** Builds apps/web once when dist/ is missing or older than any source file. */
function ensureWebBuilt(): void {
  const built = statSync(join(WEB, 'dist', 'index.html'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built > Math.max(...WEB_SOURCES.map(newestMtime))) return;
  progress('building the web app (apps/web/dist is missing or older than its sources)');
  const build = spawnSync('pnpm', ['--filter', '@segflow/web', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building the web app failed:\n${`${build.stdout}\n${build.stderr}`.slice(-4000)}`);
  // Without it the server would start without the app and answer "Cannot GET /" to the browser.
  if (!statSync(join(WEB, 'dist', 'index.html'), { throwIfNoEntry: false })) throw new Error(`building the web app made no ${join(WEB, 'dist', 'index.html')}`);
}

function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}
