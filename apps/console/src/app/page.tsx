export const dynamic = 'force-dynamic';

/** The console's landing page. Cluster lists arrive with the cluster registry. */
export default function HomePage() {
  return (
    <main style={{ padding: '2rem', maxWidth: 720 }}>
      <h1>Strata console</h1>
      <p>
        No clusters are registered with this console yet. Clusters installed with <code>npm run strata -- install</code>{' '}
        appear here once the cluster registry is available.
      </p>
    </main>
  );
}
