'use client';

import { useEffect, type ReactNode } from 'react';
import { usePathname } from 'next/navigation';
import { Anchor, AppShell, Badge, Button, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { LicenseBanner, type LicenseView } from '@strata/ui';
import type { Viewer } from '../../lib/viewer';
import { apiSend } from '../api';
import { ViewerProvider } from '../viewer-context';

interface NavItem {
  href: string;
  label: string;
  /** Shown only when the viewer may administer. */
  admin?: boolean;
}

const NAV: NavItem[] = [
  { href: '/', label: 'Clusters' },
  { href: '/license', label: 'License' },
  { href: '/clusters/import', label: 'Import a cluster', admin: true },
  { href: '/users', label: 'Users', admin: true },
];

/** Sends the browser to the login page once the session has ended (expired or signed out elsewhere). */
function useSessionWatch(): void {
  useEffect(() => {
    const timer = setInterval(() => {
      void fetch('/api/session', { cache: 'no-store' })
        .then((res) => {
          if (res.status === 401) window.location.assign('/login');
        })
        .catch(() => undefined);
    }, 60_000);
    return () => clearInterval(timer);
  }, []);
}

/** The frame of every signed-in page: header, navigation, the license banner, the page. */
export function ConsoleShell({ viewer, license, children }: { viewer: Viewer; license: LicenseView | null; children: ReactNode }) {
  const pathname = usePathname();
  useSessionWatch();
  const signOut = async () => {
    try {
      await apiSend('POST', '/api/auth/logout', viewer.csrf);
    } finally {
      window.location.assign('/login');
    }
  };
  return (
    <ViewerProvider viewer={viewer}>
      <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="md">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between">
            <Anchor href="/" underline="never" c="inherit">
              <Title order={3}>Strata console</Title>
            </Anchor>
            <Group gap="sm">
              <Text size="sm" data-testid="signed-in-user">
                {viewer.username}
              </Text>
              <Badge variant="outline" data-testid="signed-in-role">
                {viewer.role}
              </Badge>
              <Button size="xs" variant="default" onClick={() => void signOut()}>
                Sign out
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label="Main">
          <Stack gap={2}>
            {NAV.filter((item) => !item.admin || viewer.can.administer).map((item) => (
              <NavLink
                key={item.href}
                href={item.href}
                label={item.label}
                active={
                  item.href === '/'
                    ? pathname === '/' || (pathname.startsWith('/clusters/') && !pathname.startsWith('/clusters/import'))
                    : pathname.startsWith(item.href)
                }
              />
            ))}
          </Stack>
        </AppShell.Navbar>
        <AppShell.Main>
          <Stack gap="md">
            <LicenseBanner license={license} />
            {children}
          </Stack>
        </AppShell.Main>
      </AppShell>
    </ViewerProvider>
  );
}
