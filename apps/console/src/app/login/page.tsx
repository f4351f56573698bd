import { redirect } from 'next/navigation';
import { oidcConfigFromEnv } from '@strata/console-server';
import { LoginForm } from '../../components/auth/login-form';
import { currentSession } from '../../server/session';
import { loginErrorText } from '../../lib/login-errors';
import { consoleLog } from '../../server/log';

export const dynamic = 'force-dynamic';

function oidcConfigured(): boolean {
  try {
    return oidcConfigFromEnv() !== undefined;
  } catch (error) {
    consoleLog().error({ err: error }, 'OIDC is configured wrongly and stays off');
    return false;
  }
}

/** Sign-in: a password form, plus "Sign in with OIDC" when an identity provider is configured. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentSession()) redirect('/');
  const params = await searchParams;
  const error = loginErrorText(typeof params['error'] === 'string' ? params['error'] : undefined);
  return <LoginForm oidc={oidcConfigured()} error={error} />;
}
