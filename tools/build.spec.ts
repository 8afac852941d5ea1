import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from '@platform/infra';

// `nx build <app>` must give a runnable artifact with its own production dependencies.
const root = resolve(__dirname, '..');

describe('per-app build (tools/build-app.mjs)', () => {
  it('bundles a subgraph with its migrations, schema and exactly the npm packages it imports', () => {
    execFileSync(process.execPath, ['tools/build-app.mjs', 'accounting'], { cwd: root, stdio: 'pipe' });
    const out = resolve(root, 'dist/apps/accounting');
    for (const file of ['main.js', 'migrate.js', 'schema.graphql', 'package.json'])
      expect(existsSync(resolve(out, file))).toBe(true);
    const pkg = JSON.parse(readFileSync(resolve(out, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies)).toEqual(
      expect.arrayContaining(['@apollo/server', '@apollo/subgraph', 'kafkajs', 'pg', 'typeorm']),
    );
    // Development tools never ship in the artifact.
    expect(
      Object.keys(pkg.dependencies).some((d) => ['jest', 'eslint', 'typescript', 'tsx', 'nx'].includes(d)),
    ).toBe(false);
  });

  it('runs the built gateway with plain node and answers its health check', async () => {
    execFileSync(process.execPath, ['tools/build-app.mjs', 'gateway'], { cwd: root, stdio: 'pipe' });
    const port = await freePort();
    const child = spawn(process.execPath, [resolve(root, 'dist/apps/gateway/main.js')], {
      cwd: resolve(root, 'dist/apps/gateway'),
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'silent', NODE_ENV: 'test' },
      stdio: 'ignore',
    });
    try {
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i += 1) {
        status = await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
