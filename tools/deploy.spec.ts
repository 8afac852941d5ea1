import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

// The Kubernetes manifests must parse and name images, ports, probes and variables that exist.
const root = resolve(__dirname, '..');
const dir = join(root, 'deploy/k8s');
type Doc = {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
};
const docs: Doc[] = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) =>
    parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => {
      if (d.errors.length) throw new Error(`${f}: ${d.errors.map((e) => e.message).join('; ')}`);
      return d.toJS() as Doc;
    }),
  );

const APPS = {
  gateway: 4000,
  sales: 4001,
  engagement: 4002,
  'project-delivery': 4003,
  accounting: 4004,
} as const;

/** Every source file an app's configuration can come from: its own code and the shared config library. */
function configSource(app: string): string {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(d, entry.name));
      else if (entry.name.endsWith('.ts') && !entry.name.includes('spec')) files.push(join(d, entry.name));
    }
  };
  walk(join(root, 'apps', app, 'src'));
  walk(join(root, 'libs/config/src'));
  return files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

type Container = {
  image: string;
  command?: string[];
  ports?: Array<{ containerPort: number }>;
  env?: Array<{ name: string }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  readinessProbe?: { httpGet: { path: string } };
  livenessProbe?: { httpGet: { path: string } };
};
const containersOf = (d: Doc) =>
  (d.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers;

describe('Kubernetes manifests (deploy/k8s)', () => {
  const configMap = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'platform-config')!;

  it.each(Object.entries(APPS))(
    '%s: Deployment with a built image, its port, probes on /ready and /health',
    (app, port) => {
      const deployment = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === app);
      expect(deployment).toBeDefined();
      const [container] = containersOf(deployment!);
      expect(container.image).toMatch(new RegExp(`^engagement/${app}:`));
      expect(existsSync(join(root, 'apps', app, 'Dockerfile'))).toBe(true);
      expect(container.ports?.[0].containerPort).toBe(port);
      expect(container.readinessProbe?.httpGet.path).toBe('/ready');
      expect(container.livenessProbe?.httpGet.path).toBe('/health');
    },
  );

  it.each(Object.keys(APPS))('%s: every variable it is given is one the app reads', (app) => {
    const deployment = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === app)!;
    const [container] = containersOf(deployment);
    const source = configSource(app);
    // Shared ConfigMap keys may serve only some apps; the app's own env entries must all be read.
    for (const name of (container.env ?? []).map((e) => e.name)) {
      expect({ app, name, read: source.includes(name) }).toEqual({ app, name, read: true });
    }
    expect(container.envFrom?.[0].configMapRef?.name).toBe(configMap.metadata.name);
  });

  it.each(Object.keys(APPS))('%s: a Service and a HorizontalPodAutoscaler point at it', (app) => {
    const service = docs.find((d) => d.kind === 'Service' && d.metadata.name === app);
    expect(service).toBeDefined();
    const hpa = docs.find((d) => d.kind === 'HorizontalPodAutoscaler' && d.metadata.name === app);
    expect((hpa?.spec as { scaleTargetRef: { kind: string; name: string } }).scaleTargetRef).toEqual(
      expect.objectContaining({ kind: 'Deployment', name: app }),
    );
  });

  it.each(['sales', 'engagement', 'project-delivery', 'accounting'])(
    '%s: migrations run as their own Job',
    (app) => {
      const job = docs.find((d) => d.kind === 'Job' && d.metadata.name === `${app}-migrate`);
      const [container] = containersOf(job!);
      expect(container.command).toEqual(['node', 'migrate.js']);
      expect(existsSync(join(root, 'apps', app, 'src/migrate.ts'))).toBe(true);
    },
  );

  it('references only secret keys that the Secret defines', () => {
    const secret = docs.find((d) => d.kind === 'Secret')!;
    const keys = new Set(Object.keys(secret.stringData ?? {}));
    const referenced =
      JSON.stringify(docs).match(/"secretKeyRef":\{"name":"platform-secrets","key":"([A-Z_]+)"\}/g) ?? [];
    expect(referenced.length).toBeGreaterThan(5);
    for (const ref of referenced) expect(keys.has(/"key":"([A-Z_]+)"/.exec(ref)![1])).toBe(true);
  });
});
