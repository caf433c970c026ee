// Node only: which deployment an agent data folder belongs to (issue 14: state keyed by deployment).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The agent's folder (AGENT_DATA_DIR) holds one deployment's decisions. `deployment.json` in it
 * says which: chain id, governor, start block and that block's hash. The hash tells two local
 * chains apart, whose contracts have the same addresses (every `npm start` deploys a fresh anvil
 * from the same account and nonces). On start the agent moves the files of any other deployment
 * to `previous/` (the newest KEEP_PREVIOUS kept) and starts an empty log, so a fresh deployment
 * never resumes an old one's epochs; the app serves a folder only when its stamp names the app's
 * chain and governor (it cannot check the hash without a node call; the agent re-stamps within
 * seconds of start).
 */
export type DeploymentStamp = { chainId: number; governor: string; startBlock: number; startBlockHash: string };

export const STAMP_FILE = 'deployment.json';
const KEEP_PREVIOUS = 3;
/** The agent's own files (agent/store.ts); anything else in the folder is left where it is. */
const AGENT_FILES = ['decisions.jsonl', 'verifications.jsonl', 'models.jsonl', 'status.json', STAMP_FILE];

export function readStamp(dir: string): DeploymentStamp | null | 'malformed' {
  let text: string;
  try {
    text = readFileSync(path.join(dir, STAMP_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const v = JSON.parse(text) as Partial<DeploymentStamp>;
    if (
      typeof v.chainId === 'number' &&
      typeof v.governor === 'string' &&
      typeof v.startBlock === 'number' &&
      typeof v.startBlockHash === 'string'
    ) {
      return v as DeploymentStamp;
    }
  } catch {}
  return 'malformed';
}

/** Whether a folder's stamp names this chain and governor (what the app can check without a node). */
export function stampMatches(stamp: DeploymentStamp, chainId: number, governor: string): boolean {
  return stamp.chainId === chainId && stamp.governor.toLowerCase() === governor.toLowerCase();
}

function sameDeployment(a: DeploymentStamp, b: DeploymentStamp): boolean {
  return (
    stampMatches(a, b.chainId, b.governor) &&
    a.startBlock === b.startBlock &&
    a.startBlockHash.toLowerCase() === b.startBlockHash.toLowerCase()
  );
}

/**
 * Makes `dir` this deployment's: if it holds another deployment's files (or agent files with no
 * stamp), they move to `dir/previous/<when>-<chain>-<block>/`. Returns where they went, or null.
 */
export function claimDataDir(dir: string, stamp: DeploymentStamp, now = new Date()): string | null {
  mkdirSync(dir, { recursive: true });
  const current = readStamp(dir);
  const present = AGENT_FILES.filter((f) => existsSync(path.join(dir, f)));
  let moved: string | null = null;
  if (!(current !== null && current !== 'malformed' && sameDeployment(current, stamp)) && present.length > 0) {
    const label =
      current === null || current === 'malformed'
        ? 'unstamped'
        : `${current.chainId}-${current.startBlock}-${current.startBlockHash.slice(2, 10)}`;
    const previous = path.join(dir, 'previous');
    moved = path.join(previous, `${now.toISOString().replace(/[:.]/g, '-')}-${label}`);
    mkdirSync(moved, { recursive: true });
    for (const f of present) renameSync(path.join(dir, f), path.join(moved, f));
    const kept = readdirSync(previous).sort();
    for (const old of kept.slice(0, Math.max(0, kept.length - KEEP_PREVIOUS))) {
      rmSync(path.join(previous, old), { recursive: true, force: true });
    }
  }
  writeFileSync(path.join(dir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
  return moved;
}
