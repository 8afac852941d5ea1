import js from '@eslint/js';
import globals from 'globals';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

import { readFileSync } from 'node:fs';

// The services come from the one manifest (libs/infra/src/services.json).
const manifest = JSON.parse(readFileSync(new URL('./libs/infra/src/services.json', import.meta.url), 'utf8'));
const services = [...manifest.subgraphs.map((s) => s.name), manifest.gateway.name];

// Layers inside a subgraph (docs/development.md, "Layout"): the domain is pure rules on plain
// values; resolvers parse input, call the application and map output.
const gqlInDomain = [
  { name: 'graphql', message: 'The domain knows no GraphQL: take plain values; the resolver converts.' },
  {
    name: '@platform/graphql-kit',
    message: 'The domain knows no GraphQL: use Actor, roles and input parsing from @platform/domain-kit.',
  },
  {
    name: 'kafkajs',
    message: 'The domain knows no Kafka: events are built in events/ and published by the application.',
  },
  { name: 'pg', message: 'The domain runs no SQL: queries belong in repositories/.' },
];
const storageInDomain = [
  {
    name: 'typeorm',
    message: 'The domain runs no SQL: TypeORM belongs in repositories/ (and application/ for transactions).',
  },
  {
    name: '@platform/messaging',
    message: 'The domain publishes nothing: the application writes to the outbox.',
  },
];
const storagePatterns = [
  { group: ['@platform/messaging/*'], message: 'The domain publishes nothing.' },
  {
    group: [
      '**/entities',
      '**/entities/**',
      '**/*.entity',
      '**/repositories',
      '**/repositories/**',
      '**/*.repository',
    ],
    message:
      'The domain knows no storage: its types live in domain/ and entities/ and repositories/ import them, not the other way round.',
  },
];
export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.cache/**',
      '.nx/**',
      'coverage/**',
      'apps/*/src/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Boundaries: a service may use shared libraries only (never another service); shared
      // libraries use shared libraries only; tools and end-to-end tests may use anything.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          // messaging's integration tests start services with @platform/testing, which uses
          // service-kit, which uses messaging: the edge exists only in test files.
          ignoredCircularDependencies: [['messaging', 'testing']],
          // Each main.ts imports service-kit (the gateway: graphql-kit) dynamically, after the OpenTelemetry SDK is started
          // (instrumentation must patch http, pg and graphql before they load); migrate.ts and the
          // tests import it statically, which is fine: they run no tracing.
          checkDynamicDependenciesExceptions: ['@platform/service-kit', '@platform/graphql-kit'],
          depConstraints: [
            ...services.map((s) => ({ sourceTag: `scope:${s}`, onlyDependOnLibsWithTags: ['scope:shared'] })),
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] },
            { sourceTag: 'type:tools', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/*/src/domain/**/*.ts'],
    // Integration tests of the domain's SQL files set up the database themselves.
    ignores: ['**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [...gqlInDomain, ...storageInDomain], patterns: storagePatterns },
      ],
    },
  },
  {
    // The application decides who may do what and what is published; it takes an Actor and
    // plain values (the resolver converts), so it knows no GraphQL either.
    files: ['apps/*/src/application/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'graphql', message: 'The application knows no GraphQL: the resolver converts.' },
            {
              name: '@platform/graphql-kit',
              message: 'The application takes an Actor and plain values from @platform/domain-kit.',
            },
          ],
        },
      ],
    },
  },
  {
    // What a service publishes is built in one place: events/<app>.publisher.ts.
    files: ['apps/*/src/**/*.ts'],
    ignores: ['apps/*/src/events/**', '**/*.spec.ts', '**/*.int-spec.ts', 'apps/*/src/testing/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^publish(Many)?$/][callee.object.name='outbox']",
          message:
            'Outgoing events are built and published in events/<app>.publisher.ts: call the publisher.',
        },
        {
          selector:
            "CallExpression[callee.property.name=/^publish(Many)?$/][callee.object.property.name='outbox']",
          message:
            'Outgoing events are built and published in events/<app>.publisher.ts: call the publisher.',
        },
      ],
    },
  },
  {
    files: ['apps/*/src/resolvers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'typeorm',
              message: 'Resolvers run no SQL: call the application (commands and queries).',
            },
          ],
          patterns: [
            {
              group: ['**/repositories', '**/repositories/**', '**/*.repository', '**/domain/repository'],
              message: 'Resolvers never reach a repository: call the application (commands and queries).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    // Jest reads its config as CommonJS, so reading tsconfig.base.json there takes require().
    files: ['jest.config.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
