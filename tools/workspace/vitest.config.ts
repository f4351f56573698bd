import { projectConfig } from '../vitest/project-config';

export default projectConfig(import.meta.dirname, ['**/*.spec.ts']);
