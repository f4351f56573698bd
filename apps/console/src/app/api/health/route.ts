import { NextResponse } from 'next/server';

export const dynamic = 'force-dynamic';

/** Liveness of the console server itself (not of any cluster). */
export function GET() {
  return NextResponse.json({ status: 'ok', component: 'console' });
}
