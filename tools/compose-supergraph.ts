/**
 * Composes the supergraph from each subgraph's schema.graphql with @apollo/composition and
 * writes apps/gateway/supergraph.graphql. `--check` fails (exit 1) on any composition error
 * or when the checked-in supergraph is out of date; `npm test` runs it.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPHS } from '@platform/infra';

const root = resolve(__dirname, '..');
const output = resolve(root, 'apps/gateway/supergraph.graphql');

function compose() {
  return composeServices(
    SUBGRAPHS.map((s) => ({
      name: s.name,
      url: `http://127.0.0.1:${s.port}/graphql`,
      typeDefs: parse(readFileSync(resolve(root, 'apps', s.name, 'src/schema.graphql'), 'utf8')),
    })),
  );
}

/** The public API schema (what clients of the gateway see), as graphql-js. */
export function composeApiSchema() {
  const result = compose();
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.schema.toAPISchema().toGraphQLJSSchema();
}

export function composeSupergraph(): string {
  const result = compose();
  if (result.errors) {
    const details = result.errors.map((e) => `  - ${e.message}`).join('\n');
    throw new Error(`Supergraph composition failed:\n${details}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}

function main(): void {
  const check = process.argv.includes('--check');
  let sdl: string;
  try {
    sdl = composeSupergraph();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  if (check) {
    const current = existsSync(output) ? readFileSync(output, 'utf8') : '';
    if (current !== sdl) {
      process.stderr.write(
        'apps/gateway/supergraph.graphql is out of date: run `npm run compose` and commit it.\n',
      );
      process.exit(1);
    }
    process.stdout.write('supergraph composes and is up to date\n');
    return;
  }
  writeFileSync(output, sdl);
  process.stdout.write(`wrote ${output}\n`);
}

if (require.main === module) main();
