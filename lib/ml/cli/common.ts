// Shared plumbing for the ML command-line tools (Node only): arguments, backend, atomic
// output and the exit-code contract (2 = bad input, with one line naming file, line, problem).
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { DataError, HomeostatError } from '../../errors';

export type ParsedArgs = { values: Map<string, string>; flags: Set<string> };

/** `--name value` pairs and bare `--flag`s; anything else is a usage error (exit 2). */
export function parseArgs(argv: string[], valued: readonly string[], flags: readonly string[] = []): ParsedArgs {
  const values = new Map<string, string>();
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    const [name, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [undefined, undefined];
    if (name && valued.includes(name)) {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`--${name} needs a value`);
      values.set(name, v);
    } else if (name && flags.includes(name)) {
      seen.add(name);
    } else {
      throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return { values, flags: seen };
}

export class UsageError extends HomeostatError {
  override name = 'UsageError';
}

export function required(args: ParsedArgs, name: string): string {
  const v = args.values.get(name);
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

/** Node backends: cpu (default, reference numbers) or wasm (faster training, SIMD). */
export async function setNodeBackend(name = process.env.HOMEOSTAT_TF_BACKEND ?? 'cpu'): Promise<string> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  else if (name !== 'cpu') throw new UsageError(`backend must be "cpu" or "wasm", not "${name}"`);
  // Silence the "install tfjs-node" banner: tfjs-node cannot be installed here (see TOOLCHAIN.md).
  tf.env().set('PROD', true);
  await tf.setBackend(name);
  await tf.ready();
  return tf.getBackend();
}

/**
 * Writes lines to `<dir>/.<name>.<pid>.partial` and renames it to `path` only when every line
 * is written, so a crash or bad input never leaves a file that looks complete.
 */
export class AtomicLineWriter {
  private readonly tmp: string;
  private fd: number;
  private buffer: string[] = [];
  private size = 0;
  constructor(private readonly path: string) {
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
    try {
      this.fd = openSync(this.tmp, 'w');
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError(`--output ${path}: cannot write there (${code})`, { cause });
    }
  }
  write(line: string) {
    this.buffer.push(line);
    this.size += line.length;
    if (this.size > 1 << 20) this.flush();
  }
  private flush() {
    if (this.buffer.length) writeSync(this.fd, `${this.buffer.join('\n')}\n`);
    this.buffer = [];
    this.size = 0;
  }
  commit() {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
  }
  abort() {
    try {
      closeSync(this.fd);
    } catch {}
    rmSync(this.tmp, { force: true });
  }
}

/** Rounds to 8 significant digits: plenty for forecasts, and keeps the JSON lines short. */
export const r8 = (x: number | undefined) => (x === undefined ? null : Number(x.toPrecision(8)));

export const isoHour = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

/** Where a CLI writes its messages: process.stderr when run as a command, a buffer in tests. */
export type CliIo = { stderr: (text: string) => void };
export const processIo: CliIo = { stderr: (text) => process.stderr.write(text) };

/**
 * Runs a CLI body with the exit-code contract and returns the code: 0 ok; 2 bad input or
 * usage, with one line on `io.stderr` (`error: <file>, line <n>, column "<c>": <problem>`);
 * 1 anything unexpected (with its stack: that is a bug to report).
 */
export async function cliExitCode(main: () => Promise<void>, io: CliIo = processIo): Promise<number> {
  try {
    await main();
    return 0;
  } catch (e) {
    if (e instanceof DataError || e instanceof UsageError) {
      io.stderr(`error: ${e.shortMessage}\n`);
      return 2;
    }
    io.stderr(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

/** {@link cliExitCode} for a script's top level: sets process.exitCode. */
export async function runCli(main: () => Promise<void>): Promise<void> {
  process.exitCode = await cliExitCode(main);
}

/** True when the module at `moduleUrl` is the script node was started with (not an import). */
export function isMainModule(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && moduleUrl === pathToFileURL(script).href;
}
