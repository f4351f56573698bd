import { Alert, Text } from '@mantine/core';

/**
 * A refusal from the server under a short title (Not stored, Not saved, Refused), its message
 * kept as written: the installer's and the API server's messages carry line breaks.
 */
export function ErrorAlert({ title, message, testId }: { title: string; message: string; testId?: string }) {
  return (
    <Alert color="red" role="alert" title={title} data-testid={testId}>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {message}
      </Text>
    </Alert>
  );
}
