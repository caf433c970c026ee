import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimDataDir, type DeploymentStamp, readStamp, STAMP_FILE, stampMatches } from './stamp';

const G = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const first: DeploymentStamp = { chainId: 31337, governor: G, startBlock: 1, startBlockHash: `0x${'a'.repeat(64)}` };
/** A fresh local chain: same addresses and start block, another block hash. */
const fresh: DeploymentStamp = { ...first, startBlockHash: `0x${'b'.repeat(64)}` };

function folder() {
  return mkdtempSync(path.join(os.tmpdir(), 'agent-stamp-'));
}

describe('agent data folder keyed by deployment', () => {
  it('stamps an empty folder and keeps its own log on restart', () => {
    const dir = folder();
    expect(claimDataDir(dir, first)).toBeNull();
    expect(readStamp(dir)).toEqual(first);
    writeFileSync(path.join(dir, 'decisions.jsonl'), '{"type":"decision"}\n');
    expect(claimDataDir(dir, { ...first, governor: G.toLowerCase() })).toBeNull();
    expect(readFileSync(path.join(dir, 'decisions.jsonl'), 'utf8')).toContain('decision');
  });

  it("moves another deployment's log aside, so a fresh chain starts an empty log", () => {
    const dir = folder();
    claimDataDir(dir, first);
    writeFileSync(path.join(dir, 'decisions.jsonl'), 'old\n');
    writeFileSync(path.join(dir, 'status.json'), '{}');
    writeFileSync(path.join(dir, 'notes.txt'), 'not the agent’s');
    const moved = claimDataDir(dir, fresh, new Date('2026-12-07T01:00:00Z'));
    expect(moved).toMatch(/previous\/2026-12-07T01-00-00-000Z-31337-1-aaaaaaaa$/);
    expect(readFileSync(path.join(moved!, 'decisions.jsonl'), 'utf8')).toBe('old\n');
    expect(existsSync(path.join(moved!, STAMP_FILE))).toBe(true);
    expect(existsSync(path.join(dir, 'decisions.jsonl'))).toBe(false);
    expect(existsSync(path.join(dir, 'notes.txt'))).toBe(true);
    expect(readStamp(dir)).toEqual(fresh);
  });

  it('moves an unstamped log too, and keeps only the newest three previous logs', () => {
    const dir = folder();
    for (let i = 0; i < 5; i++) {
      writeFileSync(path.join(dir, 'decisions.jsonl'), `run ${i}\n`);
      writeFileSync(path.join(dir, STAMP_FILE), i === 0 ? '' : JSON.stringify({ ...first, startBlock: i }));
      claimDataDir(dir, fresh, new Date(Date.UTC(2026, 11, 7, 1, i)));
    }
    const kept = readdirSync(path.join(dir, 'previous')).sort();
    expect(kept).toHaveLength(3);
    expect(kept.map((k) => readFileSync(path.join(dir, 'previous', k, 'decisions.jsonl'), 'utf8'))).toEqual([
      'run 2\n',
      'run 3\n',
      'run 4\n',
    ]);
  });

  it('reads a malformed stamp as malformed, and matches chain and governor for the app', () => {
    const dir = folder();
    writeFileSync(path.join(dir, STAMP_FILE), '{"chainId":"x"}');
    expect(readStamp(dir)).toBe('malformed');
    expect(readStamp(folder())).toBeNull();
    expect(stampMatches(first, 31337, G.toLowerCase())).toBe(true);
    expect(stampMatches(first, 84532, G)).toBe(false);
  });
});
