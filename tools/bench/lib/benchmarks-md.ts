import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';

/**
 * Sections of BENCHMARKS.md written by a script of their own (`## Event pipeline`, `## Tracing
 * overhead`): `npm run bench` regenerates the rest of the file and keeps these as they are.
 */
export const OWN_SECTIONS = ['## Event pipeline', '## Tracing overhead'] as const;

/** The section under `heading` (up to the next `## `), or null when the file has none. */
export function readSection(root: string, heading: string): string | null {
  let text: string;
  try {
    text = readFileSync(join(root, 'BENCHMARKS.md'), 'utf8');
  } catch {
    return null;
  }
  const start = text.indexOf(`${heading}\n`);
  if (start === -1) return null;
  const end = text.indexOf('\n## ', start + 3);
  return text.slice(start, end === -1 ? undefined : end).trimEnd();
}

/**
 * Replaces the section that starts with its own first line (`## …`), or appends it; the file is
 * formatted as `npm test` checks it (prettier aligns the tables).
 */
export async function writeSection(root: string, section: string): Promise<void> {
  const file = join(root, 'BENCHMARKS.md');
  const heading = section.slice(0, section.indexOf('\n'));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = '# Benchmarks\n';
  }
  const start = text.indexOf(`${heading}\n`);
  if (start === -1) {
    text = `${text.trimEnd()}\n\n${section}\n`;
  } else {
    const rest = text.indexOf('\n## ', start + heading.length);
    text = text.slice(0, start) + section + (rest === -1 ? '\n' : `\n\n${text.slice(rest + 1)}`);
  }
  writeFileSync(file, await format(text, { ...(await resolveConfig(file)), filepath: file }));
}
