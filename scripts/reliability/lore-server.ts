import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

/** The project folder (scripts are built to dist/scripts/reliability). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SIGNING_SECRET = 'reliability-signing-secret';

/** `lore serve` running as a child process, as an operator starts it. */
export interface LoreServer {
  child: ChildProcess;
  base: string;
  /** Everything the server wrote to stderr (its JSON logs). */
  logs(): string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close((error) => (error ? reject(error) : resolve(port)));
    });
  });
}

/** Runs the built `lore` program (bin/lore.js) with ARGV; resolves with its exit code and output. */
export function runLore(argv: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'lore.js'), ...argv], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `lore serve` with Slack pointed at the stand-in, and resolves once /healthz answers. */
export async function startLoreServer(options: { dbFile: string; apiUrl: string; port: number; env?: Record<string, string> }): Promise<LoreServer> {
  const env = {
    PATH: process.env.PATH ?? '',
    LORE_DB: options.dbFile,
    LORE_LOG_LEVEL: 'warn',
    LORE_SAMPLE_DIR: path.join(path.dirname(options.dbFile), 'no-sample'),
    SLACK_BOT_TOKEN: 'xoxb-reliability-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: options.apiUrl,
    PORT: String(options.port),
    ...options.env,
  };
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'lore.js'), 'serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  child.stderr!.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`lore serve exited with ${child.exitCode} before listening:\n${logs}`);
    if (await isHealthy(base)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`lore serve did not answer /healthz within 60 s:\n${logs}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, base, logs: () => logs, exited };
}

/** GET /healthz: its JSON when it answers 200, else undefined. */
export function health(base: string): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve) => {
    const request = http.get(`${base}/healthz`, { agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        try {
          resolve(response.statusCode === 200 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : undefined);
        } catch {
          resolve(undefined);
        }
      });
    });
    request.on('error', () => resolve(undefined));
  });
}

async function isHealthy(base: string): Promise<boolean> {
  return (await health(base)) !== undefined;
}
