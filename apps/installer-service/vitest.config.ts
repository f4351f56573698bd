import { projectConfig } from '../../tools/vitest/project-config';

export default projectConfig(import.meta.dirname);
