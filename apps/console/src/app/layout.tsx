import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import type { ReactNode } from 'react';
import { headers } from 'next/headers';
import { ColorSchemeScript, MantineProvider, mantineHtmlProps } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { strataTheme } from '@strata/ui';
import { NONCE_HEADER } from '../server/content-security-policy';

export const metadata = {
  title: 'Strata console',
  description: 'Manage your Strata Kubernetes clusters',
};

/** Every page is rendered per request: its inline script carries the request's CSP nonce (see src/proxy.ts). */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html lang="en" {...mantineHtmlProps}>
      <head>
        <ColorSchemeScript defaultColorScheme="light" nonce={nonce} />
      </head>
      <body>
        <MantineProvider theme={strataTheme} defaultColorScheme="light">
          <Notifications position="top-right" />
          {children}
        </MantineProvider>
      </body>
    </html>
  );
}
