'use client';

import { useState } from 'react';
import { Alert, Button, Center, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { errorFromResponse } from '@strata/ui';

/** The login form: username and password, and the OIDC button when configured. */
export function LoginForm({ oidc, error: initialError }: { oidc: boolean; error?: string | undefined }) {
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(initialError);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (!res.ok) throw await errorFromResponse(res);
      window.location.assign('/');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-0)">
      <Paper withBorder shadow="sm" p="xl" w={380}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <Stack>
            <Title order={1} size="h2">
              Strata console
            </Title>
            <Text size="sm" c="dimmed">
              Sign in to manage your clusters.
            </Text>
            {error ? (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            ) : null}
            <TextInput
              label="Username"
              name="username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              required
            />
            <PasswordInput
              label="Password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
            />
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
            {oidc ? (
              <>
                <Divider label="or" labelPosition="center" />
                <Button component="a" href="/api/auth/oidc/start" variant="default">
                  Sign in with OIDC
                </Button>
              </>
            ) : null}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
