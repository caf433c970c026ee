/**
 * Integration (issue 14, "where one machine is outgrown"): the agent's log in a real PostgreSQL
 * server (test/postgres.ts) and the agent lock.
 *  1. the journal keeps every line in order per deployment, restores a fresh machine's files, and a
 *     failed write surfaces at the next flush;
 *  2. one replica leads; a second waits and takes over when the first releases the lock or its
 *     connection dies (the first is told it lost the lead);
 *  3. real agent processes on anvil: the first is killed right after sending its proposal; a second
 *     "machine" (an empty data folder) restores from the database and carries on: the decision is
 *     neither lost nor proposed twice. A third replica waits as a standby and takes over when the
 *     second is killed, with the same log.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Leadership, lead, PgJournal } from '../lib/agent/pg-journal';
import type { LogEntry } from '../lib/agent/records';
import type { Deployment } from '../lib/contracts/deployments';
import {
  type AgentProc,
  exited,
  proposedEvents as governorProposals,
  startAgentProcess,
  until,
} from '../test/agent-proc';
import { deploy, type Proc, startAnvil } from '../test/local-stack';
import { type ChainClient, makeChainClient, playMarket, prepareTraders } from '../test/market-play';
import { type Postgres, postgresMissing, startPostgres } from '../test/postgres';
import { AgentStore, readJsonLines } from './store';

const missing = postgresMissing();
if (missing && process.env.CI) throw new Error(`${missing}: CI must run the Postgres tests`);

const key = { chainId: 31337, governor: '0x00000000000000000000000000000000000000aa', startBlockHash: '0x01' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let db: Postgres | undefined;
let tmp = '';

beforeAll(async () => {
  if (missing) return;
  tmp = mkdtempSync(path.join(os.tmpdir(), 'homeostat-pgj-'));
  db = await startPostgres();
}, 60_000);

afterAll(async () => {
  await db?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(missing !== null)('the agent journal in Postgres', () => {
  it('keeps lines in order per deployment, restores a fresh folder, and reports a failed write', async () => {
    const a = await PgJournal.open(db!.url, key);
    const other = await PgJournal.open(db!.url, { ...key, startBlockHash: '0x02' });
    const dirA = path.join(tmp, 'a');
    const store = new AgentStore(path.join(dirA, 'data'), path.join(dirA, 'just'), a);
    for (let i = 0; i < 50; i++)
      store.append({ type: 'sent', decisionId: `0x${i.toString(16)}`, txHash: '0x1' } as LogEntry);
    store.appendModelHistory({ version: 'v1' });
    store.writeStatus({ iterations: 3 });
    await store.flush();
    expect((await a.lines('decisions.jsonl')).map((l) => JSON.parse(l).decisionId)).toEqual(
      Array.from({ length: 50 }, (_, i) => `0x${i.toString(16)}`),
    );
    expect(await other.lines('decisions.jsonl')).toEqual([]);

    // A new machine: an empty folder, filled from the journal, reads the same log.
    const dirB = path.join(tmp, 'b');
    const counts = await a.restore(path.join(dirB, 'data'), path.join(dirB, 'just'));
    expect(counts).toEqual({ 'decisions.jsonl': 50, 'verifications.jsonl': 0, 'models.jsonl': 1 });
    expect(readFileSync(path.join(dirB, 'data', 'decisions.jsonl'), 'utf8')).toBe(
      readFileSync(path.join(dirA, 'data', 'decisions.jsonl'), 'utf8'),
    );
    expect(JSON.parse(readFileSync(path.join(dirB, 'data', 'status.json'), 'utf8'))).toEqual({ iterations: 3 });

    // The connection goes away: the next flush fails (the tick fails and is retried), never silently.
    await a.close();
    store.append({ type: 'sent', decisionId: '0xff', txHash: '0x1' } as LogEntry);
    await expect(store.flush()).rejects.toThrow();
    await other.close();
  });

  it('one replica leads; the next takes over on release or when the leader connection dies', async () => {
    const lost: string[] = [];
    const opts = (name: string, waits: string[]) => ({
      pollMs: 100,
      shouldStop: () => false,
      onWait: () => waits.push(name),
      onLost: (why: string) => lost.push(`${name}: ${why}`),
    });
    const waits: string[] = [];
    const first = (await lead(db!.url, key, opts('first', waits)))!;
    let second: Leadership | null | undefined;
    const secondP = lead(db!.url, key, opts('second', waits)).then((l) => (second = l));
    await sleep(500);
    expect(second).toBeUndefined();
    expect(waits).toEqual(['second']);
    await first.release();
    await secondP;
    expect(second).not.toBeNull();
    expect(lost).toEqual([]);

    // The leader's connection is cut (its machine gone): it is told, and a third replica leads.
    let third: Leadership | null | undefined;
    const thirdP = lead(db!.url, key, opts('third', waits)).then((l) => (third = l));
    await sleep(300);
    expect(third).toBeUndefined();
    const admin = new pg.Client({ connectionString: db!.url });
    await admin.connect();
    await admin.query(
      "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted and pid <> pg_backend_pid()",
    );
    await admin.end();
    const t = Date.now();
    await thirdP;
    expect(third).not.toBeNull();
    expect(Date.now() - t).toBeLessThan(2_000);
    await sleep(200);
    expect(lost.some((l) => l.startsWith('second:'))).toBe(true);
    await third!.release();
    // A standby that is asked to stop while waiting returns null.
    const holder = (await lead(db!.url, key, opts('holder', waits)))!;
    let stop = false;
    const quitter = lead(db!.url, key, { ...opts('quitter', waits), shouldStop: () => stop });
    await sleep(300);
    stop = true;
    expect(await quitter).toBeNull();
    await holder.release();
  });
});

// ------------------------------------------------------------------ real agent processes

let anvil: (Proc & { url: string }) | undefined;
let deployment: Deployment;
let deploymentsFile = '';
let client: ChainClient;
const agents: AgentProc[] = [];
const proposedEvents = () => governorProposals(client, deployment.contracts.HomeostatGovernor);

describe.skipIf(missing !== null)('agent replicas sharing a Postgres log', () => {
  beforeAll(async () => {
    anvil = await startAnvil();
    client = makeChainClient(anvil.url);
    ({ file: deploymentsFile, deployment } = await deploy(anvil.url, tmp));
    await prepareTraders(client, deployment);
    await playMarket(client, deployment, 30);
  }, 120_000);

  afterAll(async () => {
    for (const a of agents) await a.stop('SIGKILL');
    await anvil?.stop();
  });

  it('a replica on another machine resumes after a crash mid-proposal: nothing lost, nothing proposed twice', async () => {
    const machine = (name: string) => ({ data: path.join(tmp, name, 'data'), just: path.join(tmp, name, 'just') });
    const m1 = machine('m1');
    const a = startAgent(m1, { AGENT_FAULT: 'crash-after-send' });
    expect(['SIGKILL', 137]).toContain(await exited(a.proc));
    const intent = readJsonLines<LogEntry>(path.join(m1.data, 'decisions.jsonl')).find(
      (e): e is Extract<LogEntry, { type: 'decision' }> => e.type === 'decision' && e.kind === 'proposal',
    )!;
    expect(intent).toBeDefined();

    // Machine 2 starts with nothing on disk.
    const m2 = machine('m2');
    const b = startAgent(m2);
    const log2 = () => readJsonLines<LogEntry>(path.join(m2.data, 'decisions.jsonl'));
    await until(
      'the proposal recovered on machine 2',
      () => log2().find((e) => e.type === 'proposed' && e.decisionId === intent.decisionId),
      b,
    );
    expect(b.out()).toMatch(/"restored"/);
    const onChain = await proposedEvents();
    expect(onChain.filter((e) => e.args.decisionId === intent.decisionId)).toHaveLength(1);
    expect(new Set(onChain.map((e) => e.args.decisionId)).size).toBe(onChain.length);
    expect(log2().filter((e) => e.type === 'decision' && e.decisionId === intent.decisionId)).toHaveLength(1);
    expect(log2().filter((e) => e.type === 'proposed' && e.decisionId === intent.decisionId)).toHaveLength(1);
    // The justification committed on-chain is on machine 2 too (served by any app instance).
    expect(existsSync(path.join(m2.just, `${intent.justificationHash}.json`))).toBe(true);

    // A third replica waits while machine 2 leads, then takes over when it dies, with the same log.
    const m3 = machine('m3');
    const c = startAgent(m3);
    await until('machine 3 waits as a standby', () => (c.out().includes('"standby"') ? true : undefined), c);
    expect(existsSync(path.join(m3.data, 'decisions.jsonl'))).toBe(false);
    await sleep(1_000); // machine 2 flushes its tick
    await b.stop('SIGKILL');
    const t = Date.now();
    await until('machine 3 leads', () => (/"restored"/.test(c.out()) ? true : undefined), c);
    expect(Date.now() - t).toBeLessThan(5_000);
    const log3 = readJsonLines<LogEntry>(path.join(m3.data, 'decisions.jsonl'));
    const decisionsOf = (log: LogEntry[]) => log.filter((e) => e.type === 'decision').map((e) => e.decisionId);
    expect(decisionsOf(log3)).toEqual(decisionsOf(log2()));
    expect((await proposedEvents()).filter((e) => e.args.decisionId === intent.decisionId)).toHaveLength(1);
    await c.stop('SIGTERM');

    // The app, on any machine, serves the log from the database (lib/server/agent-data.ts).
    Object.assign(process.env, {
      DATABASE_URL: db!.url,
      RPC_URL: anvil!.url,
      CHAIN_ID: '31337',
      DEPLOYMENTS_FILE: deploymentsFile,
    });
    const { readAgentLines, readAgentStatus, readAgentDocument } = await import('../lib/server/agent-data');
    const served = await readAgentLines<LogEntry>('decisions.jsonl');
    expect(served.available).toBe(true);
    expect(served.records).toEqual(readJsonLines<LogEntry>(path.join(m3.data, 'decisions.jsonl')));
    expect((await readAgentStatus()).status).toEqual(
      JSON.parse(readFileSync(path.join(m3.data, 'status.json'), 'utf8')),
    );
    expect(await readAgentDocument(`justifications/${intent.justificationHash}.json`)).toBe(
      readFileSync(path.join(m2.just, `${intent.justificationHash}.json`), 'utf8'),
    );
  }, 180_000);
});

function startAgent(m: { data: string; just: string }, extra: Record<string, string> = {}) {
  const agent = startAgentProcess({
    RPC_URL: anvil!.url,
    DEPLOYMENTS_FILE: deploymentsFile,
    DATABASE_URL: db!.url,
    AGENT_DATA_DIR: m.data,
    AGENT_JUSTIFICATIONS_DIR: m.just,
    AGENT_MODELS_DIR: path.join(tmp, 'models'),
    AGENT_OPERATOR: 'false',
    ...extra,
  });
  agents.push(agent);
  return agent;
}
