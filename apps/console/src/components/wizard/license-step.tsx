'use client';

import { useState } from 'react';
import { Alert, Button, FileButton, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import type { Validation } from '@strata/install-contract';
import { apiSend } from '../api';
import { useViewer } from '../viewer-context';
import { documentNodes, FREE_TIER_NODES, licenseRefusal } from './license-rule';
import type { StepProps } from './step-props';

/** The node count against the free tier of 10; beyond it, a license to paste or upload. */
export function LicenseStep({ doc, readOnly, license, setLicense }: StepProps) {
  const viewer = useViewer();
  const nodes = documentNodes(doc.cluster, doc.value);
  const refusal = licenseRefusal(nodes, license);
  const [verdict, setVerdict] = useState<Validation['license'] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const check = async () => {
    setError(undefined);
    try {
      const answer = await apiSend<Validation>('POST', '/api/installer/validate', viewer.csrf, { document: doc.text, ...(license.trim() ? { license } : {}) });
      setVerdict(answer.license);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Stack maw={720}>
      <Title order={3}>License</Title>
      <Text data-testid="license-nodes">
        {nodes} nodes ({FREE_TIER_NODES} are free without a license).
      </Text>
      {refusal ? (
        <Alert color="red" role="alert" data-testid="license-refusal">
          {refusal}
        </Alert>
      ) : null}
      {nodes > FREE_TIER_NODES || license ? (
        <>
          <Group>
            <FileButton onChange={(file) => file && void file.text().then((text) => setLicense(text.trim()))} disabled={readOnly}>
              {(props) => (
                <Button variant="default" {...props} disabled={readOnly}>
                  Upload a license file
                </Button>
              )}
            </FileButton>
          </Group>
          <Textarea
            label="License"
            description="The signed license (a JWT), as issued. It is sent with the install and not kept in the draft."
            autosize
            minRows={3}
            readOnly={readOnly}
            value={license}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
            onChange={(e) => setLicense(e.currentTarget.value)}
          />
          <Group>
            <Button variant="light" onClick={() => void check()} disabled={!doc.value}>
              Check with the installer
            </Button>
          </Group>
        </>
      ) : null}
      {verdict ? (
        <Alert color={verdict.allowed ? 'green' : 'red'} role="status" data-testid="license-verdict">
          {verdict.message}
        </Alert>
      ) : null}
      {error ? (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}
