// The agent's output files, read by lib/server/agent-data.ts (shared with the production server's fast path).
export { type AgentFile, agentDataDir, readAgentLines, readAgentStatus } from '@/lib/server/agent-data';
