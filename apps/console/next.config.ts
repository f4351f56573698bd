import type { NextConfig } from 'next';

/** The policy every answer carries (see `headers` below). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Workspace libraries are TypeScript sources; Next compiles them with the app. Mantine and
  // TanStack ship ESM that is compiled with the app too, so one React and one copy of each
  // library end up in the bundles.
  transpilePackages: [
    '@strata/backoff',
    '@strata/errors',
    '@strata/install-contract',
    '@strata/throttle',
    '@strata/ui',
    '@strata/k8s',
    '@strata/console-server',
    '@strata/licensing',
    '@strata/sql',
    '@mantine/core',
    '@mantine/hooks',
    '@mantine/notifications',
    '@mantine/charts',
    '@tanstack/react-table',
    '@tanstack/react-virtual',
  ],
  // Node-only packages the server loads from node_modules as they are instead of bundling them.
  serverExternalPackages: ['@kubernetes/client-node', 'pg', 'openid-client'],
  experimental: {
    optimizePackageImports: ['@mantine/core', '@mantine/hooks', '@mantine/charts'],
  },
  typescript: { ignoreBuildErrors: false },
  // Security headers on every page, API answer and static file. Next's production pages carry
  // inline scripts (the RSC payload), hence 'unsafe-inline' for scripts; framing is refused
  // both by CSP and X-Frame-Options.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: CONTENT_SECURITY_POLICY },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ];
  },
};

export default config;
