import { Text, type MantineColor, type MantineSize } from '@mantine/core';

/** A problem as the document's validation and the installer report it. */
interface Problem {
  path: string;
  message: string;
}

/** Problems, one `path: message` line each. */
export function ProblemLines({ problems, size = 'sm', c }: { problems: readonly Problem[]; size?: MantineSize; c?: MantineColor }) {
  return problems.map((p) => (
    <Text size={size} c={c} key={`${p.path}:${p.message}`}>
      {p.path}: {p.message}
    </Text>
  ));
}
