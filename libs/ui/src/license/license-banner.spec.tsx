import { MantineProvider } from '@mantine/core';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LicenseBanner } from './license-banner';
import type { LicenseView } from './license-status';

function render(license: LicenseView | undefined) {
  return renderToString(
    <MantineProvider>
      <LicenseBanner license={license} />
    </MantineProvider>,
  );
}

describe('LicenseBanner', () => {
  it('renders nothing while the license is valid', () => {
    expect(render({ status: 'VALID', allowedNodes: 50, nodes: 3, message: 'fine' })).not.toContain('role="alert"');
  });

  it('warns with the evaluation message and a grace countdown when over the limit', () => {
    const html = render({
      status: 'OVER_LIMIT_GRACE',
      allowedNodes: 10,
      nodes: 12,
      message: 'Without a license the free tier allows 10 nodes but the platform counts 12.',
      graceDeadline: '2026-07-01T00:00:00.000Z',
    });
    expect(html).toContain('role="alert"');
    expect(html).toContain('the platform counts 12');
    expect(html).toContain('Grace period ends in');
    expect(html).toContain('data-deadline="2026-07-01T00:00:00.000Z"');
  });
});
