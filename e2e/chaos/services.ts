/**
 * Long-running processes of the chaos stack, each in its own process group so a SIGKILL takes
 * its whole tree (tsx → node, scripts/indexer.ts → ponder). Output goes to one log file per
 * service (appended across restarts, with a marker line per start) and to line listeners.
 * Exits nobody asked for are counted and restarted, as `npm start` restarts its services.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';

export type Spec = { cmd: string; args: string[]; env: Record<string, string> };

export type ServiceStats = {
  starts: number;
  kills: number;
  selfExits: number;
  /** ms from each (re)start to ready, in start order (null: never became ready). */
  readyMs: (number | null)[];
  lastSelfExit?: string;
};

export class Service {
  child: ChildProcess | undefined;
  readonly stats: ServiceStats = { starts: 0, kills: 0, selfExits: 0, readyMs: [] };
  private expectingExit = false;
  private stopping = false;
  private log: WriteStream;
  private tail = '';
  private exited: Promise<void> = Promise.resolve();
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly listeners: ((line: string) => void)[] = [];

  constructor(
    readonly name: string,
    private readonly spec: () => Spec,
    /** Resolves true once the service answers (polled). */
    private readonly ready: () => Promise<boolean>,
    logDir: string,
    private readonly cwd: string,
  ) {
    mkdirSync(logDir, { recursive: true });
    this.log = createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
  }

  get up(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  onLine(f: (line: string) => void) {
    this.listeners.push(f);
  }

  output(): string {
    return this.tail;
  }

  start(): void {
    if (this.up || this.stopping) return;
    clearTimeout(this.restartTimer);
    const { cmd, args, env } = this.spec();
    this.expectingExit = false;
    this.stats.starts++;
    const started = Date.now();
    this.log.write(`\n===== start #${this.stats.starts} at ${new Date().toISOString()} =====\n`);
    const child = spawn(cmd, args, {
      cwd: this.cwd,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let pending = '';
    const onData = (b: Buffer) => {
      const text = b.toString();
      this.log.write(text);
      this.tail = (this.tail + text).slice(-8000);
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) for (const f of this.listeners) f(line);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        this.log.write(`\n===== exit (${signal ?? code}) at ${new Date().toISOString()} =====\n`);
        resolve();
        if (this.child !== child) return;
        if (!this.expectingExit && !this.stopping) {
          this.stats.selfExits++;
          this.stats.lastSelfExit = `${signal ?? `code ${code}`}: ${this.tail.slice(-600)}`;
          // As npm start does for its services: back after a second.
          this.restartTimer = setTimeout(() => this.start(), 1000);
        }
      });
    });
    const slot = this.stats.readyMs.length;
    this.stats.readyMs.push(null);
    void (async () => {
      while (this.child === child && this.up && !this.stopping) {
        if (await this.ready().catch(() => false)) {
          this.stats.readyMs[slot] = Date.now() - started;
          return;
        }
        await sleep(100);
      }
    })();
  }

  /** SIGKILL to the whole process group; resolves when the process is gone. */
  async kill(): Promise<void> {
    if (!this.up || !this.child?.pid) return;
    this.expectingExit = true;
    this.stats.kills++;
    signalGroup(this.child.pid, 'SIGKILL');
    await this.exited;
  }

  /** SIGTERM (graceful), SIGKILL after `graceMs`; no restart afterwards. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    if (!this.up || !this.child?.pid) return;
    const pid = this.child.pid;
    this.expectingExit = true;
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    // Children that ignored the group signal (none expected) go too.
    signalGroup(pid, 'SIGKILL');
  }

  /** Allows start() again after stop() (used to bring a service back for the final phase). */
  resume(): void {
    this.stopping = false;
  }

  async waitReady(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.up && (await this.ready().catch(() => false))) return true;
      await sleep(200);
    }
    return false;
  }

  close(): void {
    this.log.end();
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
