import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { GATEWAY, SUBGRAPHS } from '@platform/infra';

// Nx runs the tests project by project (`npm test` is `nx run-many`): a test file whose project
// has no config or target for its kind would never run. Every test file must be reachable.
const root = resolve(__dirname, '..');

function files(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', '.cache', 'generated'].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files(path, out);
    else out.push(path);
  }
  return out;
}

/** The folder of the nearest project.json above a file. */
function projectOf(file: string): string {
  let dir = dirname(file);
  while (!existsSync(join(dir, 'project.json'))) dir = dirname(dir);
  return dir;
}

const KINDS = [
  { suffix: '.e2e-spec.ts', config: 'jest.e2e.config.mjs', target: 'e2e' },
  { suffix: '.int-spec.ts', config: 'jest.int.config.mjs', target: 'int-test' },
  { suffix: '.spec.ts', config: 'jest.config.mjs', target: 'test' },
];

describe('every test file runs under Nx', () => {
  const tests = ['apps', 'libs', 'tools']
    .flatMap((d) => files(join(root, d)))
    .filter((f) => f.endsWith('spec.ts'));

  it('finds the test files', () => {
    expect(tests.length).toBeGreaterThan(40);
  });

  it('each test file has its kind’s jest config and target in its project', () => {
    const missing: string[] = [];
    for (const file of tests) {
      const kind = KINDS.find((k) => file.endsWith(k.suffix))!;
      const project = projectOf(file);
      const targets =
        (
          JSON.parse(readFileSync(join(project, 'project.json'), 'utf8')) as {
            targets?: Record<string, unknown>;
          }
        ).targets ?? {};
      const config = join(project, kind.config);
      // `test` is inferred by @nx/jest from jest.config.mjs; the others are declared.
      if (!existsSync(config)) missing.push(`${relative(root, file)}: no ${relative(root, config)}`);
      else if (kind.target !== 'test' && !(kind.target in targets))
        missing.push(
          `${relative(root, file)}: no ${kind.target} target in ${relative(root, project)}/project.json`,
        );
    }
    expect(missing).toEqual([]);
  });
});

// project.json cannot read the service manifest: the implicit dependencies that tell Nx the
// supergraph (gateway) and the whole-stack tests (e2e) depend on every subgraph are kept equal
// to libs/infra/src/services.json here.
describe('Nx knows the services of the manifest', () => {
  const implicit = (project: string) =>
    (
      JSON.parse(readFileSync(join(root, project, 'project.json'), 'utf8')) as {
        implicitDependencies?: string[];
      }
    ).implicitDependencies ?? [];
  const subgraphs = SUBGRAPHS.map((s) => s.name);

  it('the gateway depends on every subgraph (its supergraph composes their schemas)', () => {
    expect([...implicit('apps/gateway')].sort()).toEqual([...subgraphs].sort());
  });

  it('e2e depends on the gateway and every subgraph', () => {
    expect([...implicit('apps/e2e')].sort()).toEqual([GATEWAY.name, ...subgraphs].sort());
  });
});
