import { mergeConfig } from 'vitest/config';
import { projectConfig } from '../vitest/project-config';

export default mergeConfig(projectConfig(import.meta.dirname), {
  test: { include: ['**/*.spec.ts'] },
});
