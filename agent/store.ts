/**
 * Durable, append-only files under AGENT_DATA_DIR (no database):
 * - decisions.jsonl      every log entry (decision, sent, proposed, lifecycle, verified, ...), fsync'd
 * - verifications.jsonl  the hash-chained verification records (public: the app may serve it)
 * - models.jsonl         model version history (every retrain, promoted or not)
 * - status.json          health: last iteration, last decision, errors (atomically replaced)
 * Justifications go to AGENT_JUSTIFICATIONS_DIR/<keccak256>.json, written before the proposal.
 * A crash can at worst leave a torn last line, which loading skips.
 * With a mirror (lib/agent/pg-journal.ts, when DATABASE_URL is set) every line and document is also
 * written to Postgres; `flush()` waits for those writes (the loop flushes before it sends anything).
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { type Hex, keccak256, stringToBytes } from 'viem';
import { bigintReplacer } from '../lib/agent/canonical';
import type { StoreMirror } from '../lib/agent/pg-journal';
import { foldLog, type LogEntry, type Verification } from '../lib/agent/records';

export class AgentStore {
  readonly decisionsFile: string;
  readonly verificationsFile: string;
  readonly modelsFile: string;
  readonly statusFile: string;
  private entries: LogEntry[] = [];
  private verifications: Verification[] = [];

  constructor(
    readonly dataDir: string,
    readonly justificationsDir: string,
    private readonly mirror?: StoreMirror,
  ) {
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(justificationsDir, { recursive: true });
    this.decisionsFile = path.join(dataDir, 'decisions.jsonl');
    this.verificationsFile = path.join(dataDir, 'verifications.jsonl');
    this.modelsFile = path.join(dataDir, 'models.jsonl');
    this.statusFile = path.join(dataDir, 'status.json');
    repairTail(this.decisionsFile);
    repairTail(this.verificationsFile);
    this.entries = readJsonLines<LogEntry>(this.decisionsFile);
    this.verifications = readJsonLines<Verification>(this.verificationsFile);
  }

  append(entry: LogEntry): void {
    const line = JSON.stringify(entry, bigintReplacer);
    appendDurable(this.decisionsFile, `${line}\n`);
    this.mirror?.appendLine('decisions.jsonl', line);
    this.entries.push(JSON.parse(line) as LogEntry);
  }

  /** Resolves once every write to the mirror (if any) is committed; rejects with the first failure. */
  async flush(): Promise<void> {
    await this.mirror?.flush();
  }

  decisions() {
    return foldLog(this.entries);
  }

  /** Verification chain: the public file first, then the decision log (both durable). */
  appendVerification(decisionId: Hex, v: Verification): void {
    const line = JSON.stringify({ decisionId, ...v });
    appendDurable(this.verificationsFile, `${line}\n`);
    this.mirror?.appendLine('verifications.jsonl', line);
    this.verifications.push(v);
    this.append({ type: 'verified', decisionId, ...v });
  }

  allVerifications(): readonly Verification[] {
    return this.verifications;
  }

  verificationsHead(): Hex | null {
    return this.verifications[this.verifications.length - 1]?.hash ?? null;
  }

  /** Writes the canonical justification under its hash (checked), atomically and durably. */
  writeJustification(hash: Hex, json: string): string {
    if (keccak256(stringToBytes(json)) !== hash) throw new Error('justification bytes do not match their hash');
    const file = path.join(this.justificationsDir, `${hash}.json`);
    if (!existsSync(file)) writeAtomic(file, json);
    this.mirror?.putDocument(`justifications/${hash}.json`, json);
    return file;
  }

  appendModelHistory(record: Record<string, unknown>): void {
    const line = JSON.stringify(record, bigintReplacer);
    appendDurable(this.modelsFile, `${line}\n`);
    this.mirror?.appendLine('models.jsonl', line);
  }

  modelHistory(): Record<string, unknown>[] {
    return readJsonLines(this.modelsFile);
  }

  writeStatus(status: Record<string, unknown>): void {
    const text = `${JSON.stringify(status, bigintReplacer, 2)}\n`;
    writeAtomic(this.statusFile, text);
    this.mirror?.putDocument('status.json', text);
  }
}

export function readJsonLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  const out: T[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch (e) {
      // Only the last line can be torn by a crash mid-write; anything else is corruption.
      if (i < lines.length - 2) throw new Error(`${file}: line ${i + 1} is not JSON (${(e as Error).message})`);
    }
  }
  return out;
}

/** A crash mid-append leaves a line without its newline: end it so the next append starts clean. */
function repairTail(file: string): void {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  if (text.length > 0 && !text.endsWith('\n')) appendDurable(file, '\n');
}

function appendDurable(file: string, text: string): void {
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.partial`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
