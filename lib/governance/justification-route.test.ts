import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { keccak256, stringToBytes } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/justifications/[hash]/route';

const call = (hash: string) =>
  GET(new Request(`http://x/api/justifications/${hash}`), { params: Promise.resolve({ hash }) });

describe('GET /api/justifications/[hash]', () => {
  let dir: string;
  const body = '{"schema":"homeostat.justification/1","text":"hello"}';
  const hash = keccak256(stringToBytes(body));
  const bad = keccak256(stringToBytes('other'));
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'justifications-'));
    writeFileSync(path.join(dir, `${hash}.json`), body);
    writeFileSync(path.join(dir, `${bad}.json`), 'tampered');
    process.env.AGENT_JUSTIFICATIONS_DIR = dir;
  });
  afterAll(() => {
    delete process.env.AGENT_JUSTIFICATIONS_DIR;
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the stored bytes, immutable, as JSON', async () => {
    const res = await call(hash);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe(body);
  });
  it('400 on anything but 0x + 64 lower-case hex (no path tricks)', async () => {
    for (const h of [
      hash.toUpperCase().replace('0X', '0x'),
      hash.slice(0, -1),
      `${hash}.json`,
      '../../etc/passwd',
      `0x${'g'.repeat(64)}`,
    ]) {
      expect((await call(h)).status, h).toBe(400);
    }
  });
  it('404 when not stored', async () => {
    expect((await call(`0x${'0'.repeat(64)}`)).status).toBe(404);
  });
  it('500 when the stored bytes do not hash to their name', async () => {
    const res = await call(bad);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('does not match');
  });
});
