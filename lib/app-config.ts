// Server-side configuration of the app (Node only): validated env + the deployment it points at.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Deployment } from './contracts/deployments';
import { readDeployment } from './contracts/deployments-node';
import { type Env, parseEnv } from './env';

/** What the browser needs to know; contains no secrets. */
export type PublicConfig = {
  chainId: number;
  chainName: string;
  /** Same-origin JSON-RPC proxy (app/api/rpc) so the real RPC URL and its keys stay server-side. */
  rpcPath: string;
  /** RPC URL offered to wallets when adding the chain; only set for the local chain (no secrets). */
  walletRpcUrl: string | undefined;
  deployment: Deployment;
};

let cached: { env: Env; deployment: Deployment; mtimeKey: string } | undefined;

export function loadServerConfig(): { env: Env; deployment: Deployment } {
  const env = parseEnv();
  const file = path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.deploymentsFile);
  // Re-read when the file changes (a local restart redeploys to new addresses).
  const key = `${file}:${safeMtime(file)}`;
  if (cached?.mtimeKey === key) return cached;
  const deployment = readDeployment(file, env.chainId);
  cached = { env, deployment, mtimeKey: key };
  return cached;
}

export function publicConfig(): PublicConfig {
  const { env, deployment } = loadServerConfig();
  return {
    chainId: env.chainId,
    chainName: env.localChain ? 'Homeostat local (anvil)' : `Chain ${env.chainId}`,
    rpcPath: '/api/rpc',
    walletRpcUrl: env.localChain ? env.rpcUrl : process.env.PUBLIC_RPC_URL,
    deployment,
  };
}

function safeMtime(file: string) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
