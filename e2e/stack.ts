/** Ports and env of the stack the e2e suite starts (kept apart from a developer's `npm start`). */
const anvilPort = Number(process.env.E2E_ANVIL_PORT ?? 8645);
const appPort = Number(process.env.E2E_APP_PORT ?? 3100);
const indexerPort = Number(process.env.E2E_INDEXER_PORT ?? 42169);
// Two e2e stacks on one machine (other ports) need their own deployments file too.
const deploymentsFile = process.env.E2E_DEPLOYMENTS_FILE ?? 'deployments/e2e/31337.json';

export const e2eStack = {
  rpcUrl: `http://127.0.0.1:${anvilPort}`,
  appUrl: `http://127.0.0.1:${appPort}`,
  indexerUrl: `http://127.0.0.1:${indexerPort}`,
  deploymentsFile,
  env: {
    ANVIL_PORT: String(anvilPort),
    APP_PORT: String(appPort),
    INDEXER_PORT: String(indexerPort),
    APP_MODE: 'production',
    DEPLOYMENTS_FILE: deploymentsFile,
    SERVICES: process.env.E2E_SERVICES ?? 'indexer',
    // The e2e stack's own agent data (tests write decision logs here), apart from npm start's.
    AGENT_DATA_DIR: process.env.AGENT_DATA_DIR ?? '.homeostat/e2e/agent',
    AGENT_JUSTIFICATIONS_DIR: process.env.AGENT_JUSTIFICATIONS_DIR ?? '.homeostat/e2e/justifications',
    NEXT_TELEMETRY_DISABLED: '1',
    PONDER_TELEMETRY_DISABLED: 'true',
  } as Record<string, string>,
};
