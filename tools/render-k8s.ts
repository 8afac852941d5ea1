/**
 * Renders a Kustomize overlay of deploy/k8s the way `kubectl kustomize` does, for the subset of
 * Kustomize this repository uses (resources, components, namespace, images, replicas and JSON 6902
 * patches with a target), so that tests can validate what a cluster would receive without
 * kubectl. `npm run deploy:render -- deploy/k8s/overlays/production` prints the manifests.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

interface Kustomization {
  kind?: 'Kustomization' | 'Component';
  resources?: string[];
  components?: string[];
  namespace?: string;
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
  replicas?: Array<{ name: string; count: number }>;
  patches?: Array<{ target: { kind?: string; name?: string }; patch: string }>;
}

type Operation = { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown };

const KNOWN_FIELDS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'components',
  'namespace',
  'images',
  'replicas',
  'patches',
]);

function readKustomization(dir: string): Kustomization {
  const file = join(dir, 'kustomization.yaml');
  if (!existsSync(file)) throw new Error(`${dir}: no kustomization.yaml`);
  const k = parse(readFileSync(file, 'utf8')) as Kustomization & Record<string, unknown>;
  const unknown = Object.keys(k).filter((f) => !KNOWN_FIELDS.has(f));
  if (unknown.length > 0) throw new Error(`${file}: fields this renderer does not support: ${unknown}`);
  return k;
}

function readManifests(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    return d.toJS() as Manifest;
  });
}

function applyOperation(doc: Manifest, op: Operation): void {
  const keys = op.path
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = keys.pop()!;
  let node: unknown = doc;
  for (const key of keys) {
    node = (node as Record<string, unknown>)[key];
    if (node === undefined || node === null)
      throw new Error(`patch ${op.path}: no ${key} in ${doc.metadata.name}`);
  }
  if (Array.isArray(node)) {
    const index = last === '-' ? node.length : Number(last);
    if (op.op === 'add') node.splice(index, 0, op.value);
    else if (op.op === 'replace') node[index] = op.value;
    else node.splice(index, 1);
    return;
  }
  const parent = node as Record<string, unknown>;
  if (op.op === 'remove') delete parent[last];
  else {
    if (op.op === 'replace' && !(last in parent)) throw new Error(`patch ${op.path}: nothing to replace`);
    parent[last] = op.value;
  }
}

const podSpecs = (doc: Manifest) => {
  const spec = doc.spec as { template?: { spec?: { containers?: Array<{ image: string }> } } } | undefined;
  return spec?.template?.spec ? [spec.template.spec] : [];
};

function transform(docs: Manifest[], k: Kustomization): Manifest[] {
  for (const doc of docs) {
    if (k.namespace && doc.kind !== 'Namespace') doc.metadata.namespace = k.namespace;
    for (const pod of podSpecs(doc)) {
      for (const container of pod.containers ?? []) {
        const [name, tag] = container.image.split(':');
        const image = k.images?.find((i) => i.name === name);
        if (image) container.image = `${image.newName ?? name}:${image.newTag ?? tag}`;
      }
    }
    const replicas = k.replicas?.find((r) => r.name === doc.metadata.name);
    if (replicas && ['Deployment', 'StatefulSet'].includes(doc.kind))
      (doc.spec as { replicas: number }).replicas = replicas.count;
    for (const patch of k.patches ?? []) {
      const { kind, name } = patch.target;
      if ((kind && kind !== doc.kind) || (name && name !== doc.metadata.name)) continue;
      for (const op of parse(patch.patch) as Operation[]) applyOperation(doc, op);
    }
  }
  return docs;
}

/** The manifests `kubectl kustomize <dir>` gives for a kustomization of this repository. */
export function renderKustomization(dir: string): Manifest[] {
  const k = readKustomization(dir);
  let docs: Manifest[] = [];
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    docs.push(...(statSync(path).isDirectory() ? renderKustomization(path) : readManifests(path)));
  }
  for (const component of k.components ?? []) {
    const c = readKustomization(resolve(dir, component));
    if (c.kind !== 'Component') throw new Error(`${component}: not a Component`);
    for (const entry of c.resources ?? []) docs.push(...readManifests(resolve(dir, component, entry)));
    docs = transform(docs, c);
  }
  return transform(docs, k);
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: npm run deploy:render -- deploy/k8s/overlays/<env>[/<service>]\n');
    process.exit(2);
  }
  process.stdout.write(
    renderKustomization(resolve(dir))
      .map((d) => stringify(d))
      .join('---\n'),
  );
}
