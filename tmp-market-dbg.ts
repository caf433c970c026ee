import { createPublicClient, http } from 'viem';
const c = createPublicClient({ transport: http('http://127.0.0.1:8598') });
for (const hash of process.argv.slice(2) as `0x${string}`[]) {
  const tx = await c.getTransaction({ hash });
  const r = await c.getTransactionReceipt({ hash });
  const prev = await c.getBlock({ blockNumber: tx.blockNumber! - 1n });
  const blk = await c.getBlock({ blockNumber: tx.blockNumber! });
  console.log(tx.gas, r.gasUsed, r.status, prev.timestamp, blk.timestamp);
}
