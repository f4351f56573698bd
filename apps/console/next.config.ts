import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Workspace libraries are TypeScript sources; Next compiles them with the app. Mantine and
  // TanStack ship ESM that is compiled with the app too, so one React and one copy of each
  // library end up in the bundles.
  transpilePackages: [
    '@strata/backoff',
    '@strata/cluster-config',
    '@strata/errors',
    '@strata/install-contract',
    '@strata/throttle',
    '@strata/ui',
    '@strata/k8s',
    '@strata/console-server',
    '@strata/licensing',
    '@strata/log',
    '@strata/sql',
    '@mantine/core',
    '@mantine/hooks',
    '@mantine/notifications',
    '@mantine/charts',
    '@tanstack/react-table',
    '@tanstack/react-virtual',
  ],
  // Node-only packages the server loads from node_modules as they are instead of bundling them.
  serverExternalPackages: ['@kubernetes/client-node', 'pg', 'openid-client', 'pino'],
  experimental: {
    optimizePackageImports: ['@mantine/core', '@mantine/hooks', '@mantine/charts'],
  },
  typescript: { ignoreBuildErrors: false },
  // Security headers on every page, API answer and static file. Pages and API answers get
  // their Content-Security-Policy, with a per-request script nonce, from src/proxy.ts; built
  // static files, which are never documents, get the strictest policy here. Framing is refused
  // both by CSP and X-Frame-Options.
  async headers() {
    return [
      {
        source: '/_next/static/:path*',
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }],
      },
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ];
  },
};

export default config;
