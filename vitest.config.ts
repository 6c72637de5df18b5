import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources in tests through a package-scoped export
// condition, so a consumer whose own monorepo uses a plain "source" condition never gets our src.
const conditions = ['@stackset-lite/source', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    typecheck: {
      enabled: true,
      include: ['packages/*/test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
