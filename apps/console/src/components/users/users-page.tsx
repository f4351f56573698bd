'use client';

import { useState } from 'react';
import { Alert, Button, Card, Group, Loader, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ConfirmButton, formatAge, useJson } from '@strata/ui';
import type { UserView } from '../../lib/users';
import type { Role } from '../../lib/viewer';
import { apiSend } from '../api';
import { useViewer } from '../viewer-context';

const ROLE_OPTIONS = [
  { value: 'viewer', label: 'viewer (read only)' },
  { value: 'operator', label: 'operator (act on workloads and nodes)' },
  { value: 'admin', label: 'admin (users, clusters, license)' },
];

/** Lists users, creates them, changes roles, deletes them. */
export function UsersPage() {
  const viewer = useViewer();
  const [data, loaded, error, reload] = useJson<{ users: UserView[] }>('/api/users');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [busy, setBusy] = useState(false);
  const [createError, setCreateError] = useState<string | undefined>();

  const create = async () => {
    setBusy(true);
    setCreateError(undefined);
    try {
      await apiSend('POST', '/api/users', viewer.csrf, { username, password, role });
      notifications.show({ message: `Created ${username}`, color: 'green' });
      setUsername('');
      setPassword('');
      reload();
    } catch (err) {
      setCreateError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const changeRole = async (user: UserView, next: Role) => {
    try {
      await apiSend('PATCH', `/api/users/${encodeURIComponent(user.id)}`, viewer.csrf, { role: next });
      notifications.show({ message: `${user.username} is now ${next}`, color: 'green' });
    } catch (err) {
      notifications.show({ title: 'Role not changed', message: err instanceof Error ? err.message : String(err), color: 'red' });
    }
    reload();
  };

  return (
    <Stack>
      <Title order={2}>Users</Title>
      {error ? (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      ) : null}
      {!loaded ? (
        <Loader />
      ) : (
        <Table aria-label="Users" withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Username</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Sign-in</Table.Th>
              <Table.Th>Last sign-in</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(data?.users ?? []).map((u) => (
              <Table.Tr key={u.id} data-user={u.username} data-role={u.role}>
                <Table.Td>{u.username}</Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`Role of ${u.username}`}
                    size="xs"
                    w={260}
                    data={ROLE_OPTIONS}
                    value={u.role}
                    allowDeselect={false}
                    disabled={u.username === viewer.username}
                    onChange={(next) => next && next !== u.role && void changeRole(u, next as Role)}
                  />
                </Table.Td>
                <Table.Td>{u.source}</Table.Td>
                <Table.Td>{u.lastLoginAt ? `${formatAge(u.lastLoginAt)} ago` : 'never'}</Table.Td>
                <Table.Td>
                  {u.username === viewer.username ? null : (
                    <ConfirmButton
                      size="compact-xs"
                      label="Delete"
                      title={`Delete ${u.username}?`}
                      message="They are signed out at once."
                      onConfirm={async () => {
                        await apiSend('DELETE', `/api/users/${encodeURIComponent(u.id)}`, viewer.csrf);
                        reload();
                      }}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Card withBorder maw={560}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <Stack>
            <Title order={4}>Add a user</Title>
            <TextInput label="Username" required value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
            <PasswordInput
              label="Password"
              description="At least 8 characters."
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Select label="Role" data={ROLE_OPTIONS} value={role} allowDeselect={false} onChange={(v) => v && setRole(v as Role)} />
            {createError ? (
              <Text c="red" size="sm" role="alert">
                {createError}
              </Text>
            ) : null}
            <Group>
              <Button type="submit" loading={busy}>
                Add user
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
