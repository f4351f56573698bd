import { mergeConfig } from 'vitest/config';
import { projectConfig } from '../../tools/vitest/project-config';

// `@strata/*` libraries resolve through the tsconfig `paths`, as they do for tsc and tsx.
export default mergeConfig(projectConfig(import.meta.dirname), { resolve: { tsconfigPaths: true } });
