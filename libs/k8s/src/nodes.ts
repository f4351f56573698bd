import { PatchStrategy, setHeaderOptions, type CoreV1Api, type V1Node } from '@kubernetes/client-node';

/** The status of a node's Ready condition: 'True', 'False' or 'Unknown' (also when absent). */
export function readyStatus(node: V1Node): 'True' | 'False' | 'Unknown' {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.status === 'True' || ready?.status === 'False' ? ready.status : 'Unknown';
}

/** Every Node, read page by page (limit/continue) so large clusters are never one huge response. */
export async function listAllNodes(api: CoreV1Api, pageSize = 500): Promise<V1Node[]> {
  const nodes: V1Node[] = [];
  let token: string | undefined;
  do {
    const page = await api.listNode({ limit: pageSize, ...(token ? { _continue: token } : {}) });
    nodes.push(...page.items);
    token = page.metadata?._continue || undefined;
  } while (token);
  return nodes;
}

/** Adds or replaces labels on a node with a JSON merge patch. */
export async function labelNode(api: CoreV1Api, name: string, labels: Record<string, string>): Promise<V1Node> {
  return api.patchNode({ name, body: { metadata: { labels } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
}
