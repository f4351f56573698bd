import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Workspace libraries are TypeScript sources; Next compiles them with the app. Mantine and
  // TanStack ship ESM that is compiled with the app too, so one React and one copy of each
  // library end up in the bundles.
  transpilePackages: [
    '@strata/errors',
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
};

export default config;
