export { loadOnChainVerifications } from '@/lib/server/agent-data';
