// Workspace lint rules. The dependency rules between projects live here, in one place;
// README.md ("Project tags") explains them in prose.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Packages and builtins that only run in Node.js and must never reach browser code. */
const NODE_ONLY_PACKAGES = ['@kubernetes/client-node', '@aws-sdk/*', '@azure/*', '@peculiar/x509', 'pg', 'fastify', '@fastify/*', 'listr2', 'commander'];
const NODE_BUILTINS = ['fs', 'fs/*', 'child_process', 'net', 'tls', 'os', 'path', 'crypto', 'node:*'];
const REACT_PACKAGES = ['react', 'react-dom', 'react/*', 'react-dom/*', 'next', 'next/*'];

/**
 * Who may depend on whom.
 *  - type:app      deployable programs; may use any library type.
 *  - type:node     Node.js libraries (filesystem, processes, cloud SDKs); no React.
 *  - type:browser  isomorphic libraries safe for the browser; no Node-only packages.
 *  - type:ui       React components; browser rules apply.
 *  - type:testing  test harnesses; used only by tests, apps' tests and e2e.
 *  - type:e2e      end-to-end suites.
 * Scopes: scope:shared is usable by everyone; scope:installer, scope:console and
 * scope:licensing may use their own scope and scope:shared only.
 */
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:node', 'type:browser', 'type:ui', 'type:testing'] },
  {
    sourceTag: 'type:node',
    onlyDependOnLibsWithTags: ['type:node', 'type:browser', 'type:testing'],
    bannedExternalImports: REACT_PACKAGES,
  },
  {
    sourceTag: 'type:browser',
    onlyDependOnLibsWithTags: ['type:browser'],
    bannedExternalImports: [...NODE_ONLY_PACKAGES, ...REACT_PACKAGES],
  },
  {
    sourceTag: 'type:ui',
    onlyDependOnLibsWithTags: ['type:browser', 'type:ui'],
    bannedExternalImports: NODE_ONLY_PACKAGES,
  },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:node', 'type:browser', 'type:testing'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:node', 'type:browser', 'type:testing'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:installer', onlyDependOnLibsWithTags: ['scope:installer', 'scope:shared'] },
  { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:console', 'scope:shared'] },
  { sourceTag: 'scope:licensing', onlyDependOnLibsWithTags: ['scope:licensing', 'scope:shared'] },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:tools', 'scope:shared', 'scope:installer', 'scope:licensing', 'scope:console'] },
];

/** Browser code: the Node-only ban is also enforced for builtins, which Nx does not see as packages. */
const NODE_ONLY_MESSAGE = 'Node-only module: browser code must call a server route instead.';
const browserRestrictions = {
  'no-restricted-imports': [
    'error',
    {
      paths: [...NODE_ONLY_PACKAGES, ...NODE_BUILTINS].filter((name) => !name.includes('*')).map((name) => ({ name, message: NODE_ONLY_MESSAGE })),
      patterns: [{ group: [...NODE_ONLY_PACKAGES, ...NODE_BUILTINS].filter((name) => name.includes('*')), message: NODE_ONLY_MESSAGE }],
    },
  ],
};

export default [
  {
    ignores: ['**/node_modules', '**/dist', '**/.next', '**/next-env.d.ts', '**/test-results', '**/playwright-report', '.nx'],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // A program's bundle spec is the one module of an app other projects may import:
          // whoever builds or starts the program (the set-up step, the local driver, benches)
          // depends on it by name instead of by a path into apps/. Nx refuses any other import of an app.
          allow: ['@strata/installer/bundle', '@strata/node-agent/bundle'],
          // testkit runs the installer's `strata` command, the update server's and the installer service's programs (implicit
          // dependencies in its project.json), and those apps test with testkit: the loops are
          // only through a spawned program, never through an import.
          ignoredCircularDependencies: [
            ['testkit', 'installer'],
            ['testkit', 'update-server'],
            ['testkit', 'installer-service'],
          ],
          // The CLI loads the engine's diagnostics archive (`@strata/install-engine/gather`, with its
          // tar and gzip streams) only for `strata gather`, beside static imports of the engine's index.
          checkDynamicDependenciesExceptions: ['@strata/install-engine'],
          depConstraints,
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Type-aware rules: a promise nobody awaits or handles loses its error, and a promise
    // passed where a plain callback is expected (an event handler, forEach) is never awaited.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        // The console's tsconfig is Next's; its vitest config lives outside it.
        projectService: { allowDefaultProject: ['apps/console/vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Test files may use the testing harnesses and throwaway helpers.
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/*.int.spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Browser-side code: the UI library and the console's client components.
    files: [
      'libs/ui/**/*.{ts,tsx}',
      'libs/errors/src/**/*.ts',
      'libs/cluster-config/src/**/*.ts',
      'libs/ignition/src/**/*.ts',
      'apps/console/src/components/**/*.{ts,tsx}',
      'apps/console/**/*.client.tsx',
    ],
    // Specs may use Node to drive real tools; src/node/ holds a lib's explicitly Node-only helpers, never exported from its index.
    ignores: ['**/*.spec.ts', '**/*.spec.tsx', '**/src/node/**', '**/src/testing/**', '**/scripts/**'],
    rules: browserRestrictions,
  },
  {
    // Build and test configuration files share helpers from tools/ by relative path.
    files: ['**/vitest.config.ts', '**/playwright.config.ts', '**/next.config.{ts,mjs}'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
  },
];
