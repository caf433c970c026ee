import type { NextConfig } from 'next';
import { SECURITY_HEADERS } from './lib/server/security-headers';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // Separate build folders let several stacks (e.g. parallel e2e runs) coexist.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  poweredByHeader: false,
  // Browser source maps only for profiling builds (bench/profile-page.ts attributes CPU time with them).
  productionBrowserSourceMaps: process.env.NEXT_BROWSER_SOURCEMAPS === '1',
  // `npm test` type-checks the whole repository once (tsc --noEmit); the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Browser bundles (the forecast worker) get a slimmer TF.js: core, layers and cpu, with WebGL
  // loaded on demand (lib/ml/tfjs-browser.ts); Node keeps the full package.
  turbopack: { resolveAlias: { '@tensorflow/tfjs': { browser: './lib/ml/tfjs-browser.ts' } } },
  // The CSP (with a per-request nonce) is set in proxy.ts; these headers are static (shared with
  // the production server's fast path, scripts/app-server.ts).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [...SECURITY_HEADERS],
      },
    ];
  },
};

export default nextConfig;
