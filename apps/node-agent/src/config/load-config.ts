import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { machinePaths, NodeAgentConfigSchema, type NodeAgentConfig } from '@strata/bootstrap';
import { InputError, NotFoundError } from '@strata/errors';
import { formatFieldPath as fieldPath } from '@strata/cluster-config';

/** Where the agent's configuration lives inside a machine root. */
export function configPath(root: string): string {
  return join(root, machinePaths.NODE_AGENT_CONFIG);
}

/**
 * Parses and validates the text of `/etc/strata/node-agent.json`.
 * @throws InputError listing every invalid field by its path (`taints[0].effect: ...`).
 */
export function parseNodeAgentConfig(text: string, source = machinePaths.NODE_AGENT_CONFIG): NodeAgentConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = `not valid JSON: ${(error as Error).message}`;
    throw new InputError(`${source}: ${message}`, [{ path: '(document)', message }], error);
  }
  const result = NodeAgentConfigSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => ({ path: fieldPath(issue.path), message: issue.message }));
    const first = problems[0];
    const summary = problems.length === 1 && first ? `${first.path}: ${first.message}` : `${problems.length} invalid fields`;
    throw new InputError(`${source} is invalid (${summary})`, problems);
  }
  return result.data;
}

/**
 * Reads the agent configuration Ignition wrote into the machine root.
 * @throws NotFoundError when the file is missing; InputError when it is invalid.
 */
export function loadNodeAgentConfig(root: string): NodeAgentConfig {
  const path = configPath(root);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(`${path} does not exist: apply the machine's Ignition config into ${root} first`, error);
    }
    throw error;
  }
  return parseNodeAgentConfig(text, path);
}
