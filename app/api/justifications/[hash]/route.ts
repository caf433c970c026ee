import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { bytesMatchHash, isJustificationHash } from '@/lib/governance/justification';
import { readAgentDocument } from '@/lib/server/agent-data';
import { jsonResponse } from '@/lib/server/api';

export const dynamic = 'force-dynamic';

/**
 * The AI's justification documents, content-addressed: GET /api/justifications/<keccak256>.
 * The bytes are served exactly as stored (the hash is over them) and only if they still hash to
 * the name they are asked by, so a tampered file is never served as if it were the committed one.
 * Immutable by construction: the same hash always names the same bytes.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ hash: string }> }) {
  const { hash } = await params;
  if (!isJustificationHash(hash)) {
    return jsonResponse({ error: 'hash: expected 0x followed by 64 lower-case hex digits' }, 400);
  }
  const dir = process.env.AGENT_JUSTIFICATIONS_DIR?.trim() || '.homeostat/justifications';
  const file = path.resolve(/*turbopackIgnore: true*/ process.cwd(), dir, `${hash}.json`);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      return jsonResponse({ error: 'justification store unreadable' }, 500);
    }
    // Not on this machine: with DATABASE_URL the agent's journal has it (any app instance serves it).
    const stored = await readAgentDocument(`justifications/${hash}.json`).catch(() => undefined);
    if (stored === undefined) return jsonResponse({ error: 'justification store unreadable' }, 500);
    if (stored === null) return jsonResponse({ error: `no justification ${hash} is stored here` }, 404);
    bytes = new TextEncoder().encode(stored);
  }
  if (!bytesMatchHash(bytes, hash)) {
    return jsonResponse({ error: 'stored justification does not match its hash' }, 500);
  }
  return new Response(bytes as BodyInit, {
    status: 200,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'public, max-age=31536000, immutable',
    },
  });
}
