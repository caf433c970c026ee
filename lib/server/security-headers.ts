// Response headers the app sends on every path (the CSP, with its per-request nonce, is set in
// proxy.ts for pages). next.config.ts applies them to Next's answers; the production server's
// fast path (scripts/app-server.ts) to its own.
export const SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];
