import { NextResponse } from 'next/server';
import { consoleRuntime } from '../../../server/runtime';

export const dynamic = 'force-dynamic';

/**
 * Health of the console server itself (not of any cluster): ok once its store is open
 * and the admin account exists, 503 while that fails.
 */
export async function GET() {
  try {
    await consoleRuntime();
    return NextResponse.json({ status: 'ok', component: 'console' });
  } catch (error) {
    return NextResponse.json({ status: 'error', component: 'console', error: error instanceof Error ? error.message : String(error) }, { status: 503 });
  }
}
