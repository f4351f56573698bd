import { EventsView } from '../../../../../components/events/events-view';

export const dynamic = 'force-dynamic';

/** The cluster's events, newest first, live. */
export default async function EventsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EventsView clusterId={id} />;
}
