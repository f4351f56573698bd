import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Workspace libraries are TypeScript sources; Next compiles them with the app.
  transpilePackages: ['@strata/errors', '@strata/ui'],
  typescript: { ignoreBuildErrors: false },
};

export default config;
