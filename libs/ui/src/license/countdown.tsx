'use client';

import { useEffect, useState } from 'react';
import { formatRemaining } from '../format/age';

/** Time left until `deadline`, ticking every second (`12d 4h`, `3h 12m`, `0s`). */
export function Countdown({ deadline }: { deadline: string | Date }) {
  const target = new Date(deadline).getTime();
  const [now, setNow] = useState<number | undefined>(undefined);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  // Rendered on the server without a clock reading, so hydration never disagrees.
  return <span data-deadline={new Date(target).toISOString()}>{now === undefined ? '…' : formatRemaining(target - now)}</span>;
}
