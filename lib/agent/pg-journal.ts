/**
 * The agent's durable log in Postgres (DATABASE_URL set): where one machine is outgrown.
 *
 * - Every line the agent appends to its files (decisions.jsonl, verifications.jsonl, models.jsonl)
 *   is also a row of `homeostat_agent_journal`, and every named document (status.json, the
 *   justifications) a row of `homeostat_agent_document`, keyed by the deployment (chain id,
 *   governor, start block hash), so two deployments sharing a database never mix.
 * - A replacement machine restores its files from those rows before it starts (`restore`), and
 *   resumes where the old one stopped: the chain settles the rest (agent/loop.ts `reconcile`).
 * - One agent per deployment acts: the leader holds a session-level advisory lock on its own
 *   connection (`lead`). A second replica waits as a hot standby and takes the lock within one poll
 *   when the leader's connection ends (its process died or its machine went away).
 *
 * Writes are queued in order and sent on one connection; `flush()` resolves when every queued
 * write is committed (the loop flushes before it sends a transaction and after every tick), and
 * rejects with the first failed write, which stays queued so the next flush retries it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ConfigError } from '../errors';

export type JournalKey = { chainId: number; governor: string; startBlockHash: string };

/** What the agent's store needs of a mirror (agent/store.ts). */
export interface StoreMirror {
  appendLine(file: string, line: string): void;
  putDocument(name: string, body: string): void;
  flush(): Promise<void>;
}

const SCHEMA = `
create table if not exists homeostat_agent_journal (
  seq bigserial primary key,
  deployment text not null,
  file text not null,
  line text not null,
  written_at timestamptz not null default now()
);
create index if not exists homeostat_agent_journal_by_file on homeostat_agent_journal (deployment, file, seq);
create table if not exists homeostat_agent_document (
  deployment text not null,
  name text not null,
  body text not null,
  written_at timestamptz not null default now(),
  primary key (deployment, name)
);`;

/** The files whose lines are journalled (agent/store.ts), restored in this order. */
export const JOURNAL_FILES = ['decisions.jsonl', 'verifications.jsonl', 'models.jsonl'] as const;

export function deploymentKey(k: JournalKey): string {
  return `${k.chainId}:${k.governor.toLowerCase()}:${k.startBlockHash.toLowerCase()}`;
}

/**
 * Connects, or throws one line naming DATABASE_URL (wrong host, port, password, database, or a URL
 * that does not parse); the URL itself is never in the message, since it may carry a password.
 */
export async function connectPostgres(url: string): Promise<pg.Client> {
  let client: pg.Client | undefined;
  try {
    client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    await client.connect();
    return client;
  } catch (e) {
    await client?.end().catch(() => undefined);
    throw new ConfigError('DATABASE_URL', `cannot connect to Postgres (${(e as Error).message.split('\n')[0]})`);
  }
}

/** The journal's two reads, on a client or a pool. */
function journalReads(db: pg.Client | pg.Pool, deployment: string) {
  return {
    /** Every line of one journalled file, in the order written. */
    async lines(file: string): Promise<string[]> {
      const r = await db.query<{ line: string }>(
        'select line from homeostat_agent_journal where deployment = $1 and file = $2 order by seq',
        [deployment, file],
      );
      return r.rows.map((row) => row.line);
    },
    /** Every document whose name is `name`, or starts with it when `prefix` is set. */
    async documents(name: string, prefix = false): Promise<{ name: string; body: string }[]> {
      const r = await db.query<{ name: string; body: string }>(
        `select name, body from homeostat_agent_document where deployment = $1 and ${prefix ? 'starts_with(name, $2)' : 'name = $2'}`,
        [deployment, name],
      );
      return r.rows;
    },
  };
}

export class PgJournal implements StoreMirror {
  private queue: (() => Promise<void>)[] = [];
  private draining: Promise<void> | null = null;
  private failure: Error | null = null;
  private readonly reads: ReturnType<typeof journalReads>;

  private constructor(
    private readonly client: pg.Client,
    readonly deployment: string,
  ) {
    this.reads = journalReads(client, deployment);
    // A connection that drops is reported at the next flush, not as an unhandled error event.
    client.on('error', (e) => {
      this.failure ??= e;
    });
  }

  static async open(url: string, key: JournalKey): Promise<PgJournal> {
    const client = await connectPostgres(url);
    await client.query(SCHEMA);
    return new PgJournal(client, deploymentKey(key));
  }

  /** Every line of one journalled file, in the order written. */
  lines(file: string): Promise<string[]> {
    return this.reads.lines(file);
  }

  appendLine(file: string, line: string): void {
    this.enqueue(async () => {
      await this.client.query('insert into homeostat_agent_journal (deployment, file, line) values ($1, $2, $3)', [
        this.deployment,
        file,
        line,
      ]);
    });
  }

  putDocument(name: string, body: string): void {
    this.enqueue(async () => {
      await this.client.query(
        `insert into homeostat_agent_document (deployment, name, body) values ($1, $2, $3)
         on conflict (deployment, name) do update set body = excluded.body, written_at = now()`,
        [this.deployment, name, body],
      );
    });
  }

  async flush(): Promise<void> {
    this.throwFailure();
    if (this.queue.length > 0 && this.draining === null) this.draining = this.drain();
    if (this.draining) await this.draining;
    this.throwFailure();
  }

  /** The first failure since the last flush, reported once (the failed write stays queued). */
  private throwFailure() {
    const e = this.failure;
    this.failure = null;
    if (e) throw e;
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }

  private enqueue(write: () => Promise<void>) {
    this.queue.push(write);
    if (this.draining === null) this.draining = this.drain();
  }

  /** Sends queued writes one at a time, in order; a failed one stays at the head for the next flush. */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        try {
          await this.queue[0]!();
        } catch (e) {
          this.failure ??= e as Error;
          return;
        }
        this.queue.shift();
      }
    } finally {
      this.draining = null;
    }
  }

  /**
   * Replaces the local files with the journal (the database is the record; the files are this
   * machine's copy, which the app on this machine reads). Justifications are written under their
   * names. Returns how many lines each file got.
   */
  async restore(dataDir: string, justificationsDir: string): Promise<Record<string, number>> {
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(justificationsDir, { recursive: true });
    const counts: Record<string, number> = {};
    for (const file of JOURNAL_FILES) {
      const lines = await this.lines(file);
      counts[file] = lines.length;
      writeFileSync(path.join(dataDir, file), lines.map((l) => `${l}\n`).join(''));
    }
    for (const doc of await this.reads.documents('justifications/', true)) {
      writeFileSync(path.join(justificationsDir, path.basename(doc.name)), doc.body);
    }
    const [status] = await this.reads.documents('status.json');
    if (status) writeFileSync(path.join(dataDir, 'status.json'), status.body);
    return counts;
  }
}

export type Leadership = { release(): Promise<void> };

/**
 * Waits until this process is the deployment's one acting agent: a session advisory lock held on a
 * connection of its own for as long as the process lives. `onWait` is called once if another
 * replica holds it (this one is then a hot standby and polls every `pollMs`); `shouldStop` ends the
 * wait (null returned). `onLost` is called if the lock's connection ends while held: the caller must
 * stop acting (the process exits; its supervisor starts it again as a standby).
 */
export async function lead(
  url: string,
  key: JournalKey,
  opts: { pollMs: number; onWait: () => void; shouldStop: () => boolean; onLost: (why: string) => void },
): Promise<Leadership | null> {
  // Postgres hashes the name to the lock's 64-bit key itself (hashtextextended, Postgres 11+).
  const lockName = `homeostat-agent:${deploymentKey(key)}`;
  let client = await connectPostgres(url);
  let said = false;
  for (;;) {
    try {
      const r = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [
        lockName,
      ]);
      if (r.rows[0]?.ok) {
        const held = client;
        let releasing = false;
        // The lock lives as long as this connection: once it is gone another replica may take the
        // lead, so this one must stop acting at once.
        held.on('error', (e) => {
          if (!releasing) opts.onLost(`the agent lock's database connection failed (${e.message})`);
        });
        held.on('end', () => {
          if (!releasing) opts.onLost("the agent lock's database connection closed");
        });
        return {
          release: async () => {
            releasing = true;
            await held.query('select pg_advisory_unlock(hashtextextended($1, 0))', [lockName]).catch(() => undefined);
            await held.end().catch(() => undefined);
          },
        };
      }
    } catch {
      // The database went away while waiting: reconnect on the next poll.
      await client.end().catch(() => undefined);
      client = await connectPostgres(url).catch(() => client);
    }
    if (!said) {
      said = true;
      opts.onWait();
    }
    if (opts.shouldStop()) {
      await client.end().catch(() => undefined);
      return null;
    }
    await new Promise((r) => setTimeout(r, opts.pollMs));
  }
}

/** Read side for the app (any instance, any machine): the journal as the agent wrote it. */
export type JournalReader = {
  lines(file: string): Promise<string[]>;
  document(name: string): Promise<string | null>;
  close(): Promise<void>;
};

export function openJournalReader(url: string, key: JournalKey): JournalReader {
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', () => undefined); // an idle connection dropped: the next query opens another
  const reads = journalReads(pool, deploymentKey(key));
  return {
    lines: reads.lines,
    async document(name) {
      return (await reads.documents(name))[0]?.body ?? null;
    },
    async close() {
      await pool.end().catch(() => undefined);
    },
  };
}
