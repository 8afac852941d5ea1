import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GATEWAY, SUBGRAPHS as SERVICE_MANIFEST, urlVariable } from '@platform/infra';
import { renderKustomization, type Manifest } from './render-k8s';

// The Kubernetes installation (deploy/k8s): a Kustomize base and one overlay per environment,
// each installable whole (kubectl apply -k overlays/<env>) or one service at a time
// (overlays/<env>/<service>). The manifests are rendered as Kustomize would and every object is
// checked against the shape the API server requires, then against the apps it runs.
const root = resolve(__dirname, '..');
const k8s = join(root, 'deploy/k8s');

// The apps and their ports: the service manifest (libs/infra/src/services.json). The manifests
// under deploy/k8s are YAML a cluster reads as is, so they list the services themselves; these
// tests hold them to the manifest.
const APPS: Record<string, number> = Object.fromEntries([
  [GATEWAY.name, GATEWAY.port],
  ...SERVICE_MANIFEST.map((s) => [s.name, s.port] as const),
]);
type App = string;
const SUBGRAPHS = SERVICE_MANIFEST.map((s) => s.name);
const ENVIRONMENTS = ['dev', 'production'] as const;
const RELEASES = ['shared', ...Object.keys(APPS)] as const;

type Probe = { httpGet: { path: string; port: string | number } };
type Container = {
  name: string;
  image: string;
  command?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { memory?: string } };
};
type PodSpec = { containers: Container[]; restartPolicy?: string; terminationGracePeriodSeconds?: number };
type Workload = Manifest & {
  spec: {
    replicas?: number;
    selector?: { matchLabels: Record<string, string> };
    template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
  };
};

const render = (path: string) => renderKustomization(join(k8s, path));
const find = (docs: Manifest[], kind: string, name: string) =>
  docs.find((d) => d.kind === kind && d.metadata.name === name);
const containersOf = (d: Manifest) => (d as Workload).spec.template.spec.containers;

/** API versions and kinds the manifests may use, with whether the object lives in a namespace. */
const KINDS: Record<string, { apiVersion: string; namespaced: boolean }> = {
  Namespace: { apiVersion: 'v1', namespaced: false },
  ConfigMap: { apiVersion: 'v1', namespaced: true },
  Secret: { apiVersion: 'v1', namespaced: true },
  Service: { apiVersion: 'v1', namespaced: true },
  Deployment: { apiVersion: 'apps/v1', namespaced: true },
  Job: { apiVersion: 'batch/v1', namespaced: true },
  HorizontalPodAutoscaler: { apiVersion: 'autoscaling/v2', namespaced: true },
  NetworkPolicy: { apiVersion: 'networking.k8s.io/v1', namespaced: true },
};
const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti)?$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** What a schema check (kubeconform) would reject, object by object: one message per problem. */
function schemaProblems(docs: Manifest[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const d of docs) {
    const id = `${d.kind}/${d.metadata?.name}`;
    const kind = KINDS[d.kind];
    if (!kind) {
      problems.push(`${id}: unknown kind`);
      continue;
    }
    if (d.apiVersion !== kind.apiVersion) problems.push(`${id}: apiVersion ${d.apiVersion}`);
    if (!DNS_1123.test(d.metadata.name ?? '') || d.metadata.name.length > 63)
      problems.push(`${id}: invalid name`);
    if (kind.namespaced !== Boolean(d.metadata.namespace)) problems.push(`${id}: namespace`);
    if (seen.has(id)) problems.push(`${id}: defined twice`);
    seen.add(id);
    if (d.kind === 'Deployment' || d.kind === 'Job') {
      const { spec } = d as Workload;
      const pod = spec.template?.spec;
      if (!pod?.containers?.length) problems.push(`${id}: no containers`);
      if (d.kind === 'Deployment') {
        if (!Number.isInteger(spec.replicas) || spec.replicas! < 1) problems.push(`${id}: replicas`);
        const labels = spec.template.metadata?.labels ?? {};
        for (const [k, v] of Object.entries(spec.selector?.matchLabels ?? { missing: '' }))
          if (labels[k] !== v) problems.push(`${id}: selector does not match the pod labels`);
      } else if (!['Never', 'OnFailure'].includes(pod?.restartPolicy ?? '')) {
        problems.push(`${id}: a Job's restartPolicy must be Never or OnFailure`);
      }
      for (const c of pod?.containers ?? []) {
        if (!DNS_1123.test(c.name)) problems.push(`${id}: container name ${c.name}`);
        if (!/^[a-z0-9./-]+:[A-Za-z0-9._-]+$/.test(c.image)) problems.push(`${id}: image ${c.image}`);
        for (const e of c.env ?? []) {
          if (!ENV_NAME.test(e.name)) problems.push(`${id}: env ${e.name}`);
          if ((e.value === undefined) === (e.valueFrom === undefined))
            problems.push(`${id}: env ${e.name} needs exactly one of value and valueFrom`);
          if (e.value !== undefined && typeof e.value !== 'string')
            problems.push(`${id}: env ${e.name} value must be a string`);
        }
        const ports = new Set((c.ports ?? []).map((p) => p.name));
        for (const probe of [c.readinessProbe, c.livenessProbe])
          if (probe && typeof probe.httpGet.port === 'string' && !ports.has(probe.httpGet.port))
            problems.push(`${id}: probe on undeclared port ${probe.httpGet.port}`);
        for (const q of [
          c.resources?.requests?.cpu,
          c.resources?.requests?.memory,
          c.resources?.limits?.memory,
        ])
          if (q !== undefined && !QUANTITY.test(String(q))) problems.push(`${id}: quantity ${q}`);
      }
    }
    if (d.kind === 'HorizontalPodAutoscaler') {
      const spec = d.spec as { minReplicas: number; maxReplicas: number; scaleTargetRef: { name: string } };
      if (!(spec.minReplicas >= 1 && spec.minReplicas <= spec.maxReplicas))
        problems.push(`${id}: minReplicas ${spec.minReplicas} / maxReplicas ${spec.maxReplicas}`);
    }
  }
  return problems;
}

/** Every source file an app's configuration can come from: its own code and the shared libraries. */
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
  walk(join(root, 'libs/service-kit/src'));
  return files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

const secretKeys = (docs: Manifest[]) =>
  (JSON.stringify(docs).match(/"secretKeyRef":\{"name":"platform-secrets","key":"[A-Z_]+"\}/g) ?? []).map(
    (ref) => /"key":"([A-Z_]+)"/.exec(ref)![1],
  );

describe('Kubernetes manifests (deploy/k8s, Kustomize)', () => {
  const base = render('base');
  const configMap = find(base, 'ConfigMap', 'platform-config') as Manifest & { data: Record<string, string> };

  it.each([
    'base',
    ...ENVIRONMENTS.flatMap((env) => [`overlays/${env}`, ...RELEASES.map((r) => `overlays/${env}/${r}`)]),
  ])('%s renders objects a Kubernetes API server accepts', (path) => {
    const docs = render(path);
    expect(docs.length).toBeGreaterThan(0);
    expect(schemaProblems(docs)).toEqual([]);
  });

  it('the schema check rejects what an API server would', () => {
    const [deployment] = render('overlays/production/sales').filter((d) => d.kind === 'Deployment');
    const broken = JSON.parse(JSON.stringify(deployment)) as Workload;
    broken.spec.template.metadata!.labels = { app: 'other' };
    broken.spec.template.spec.containers[0].env!.push({ name: 'PORT', value: 4001 as unknown as string });
    broken.spec.template.spec.containers[0].readinessProbe!.httpGet.port = 'admin';
    expect(schemaProblems([broken])).toEqual([
      'Deployment/sales: selector does not match the pod labels',
      'Deployment/sales: env PORT value must be a string',
      'Deployment/sales: probe on undeclared port admin',
    ]);
  });

  it.each(Object.entries(APPS))(
    '%s: Deployment with a built image, its port, probes on /ready and /health, time to drain',
    (app, port) => {
      const deployment = find(base, 'Deployment', app);
      expect(deployment).toBeDefined();
      const [container] = containersOf(deployment!);
      expect(container.image).toBe(`engagement/${app}:latest`);
      expect(existsSync(join(root, 'apps', app, 'Dockerfile'))).toBe(true);
      expect(container.ports?.[0].containerPort).toBe(port);
      expect(container.readinessProbe?.httpGet.path).toBe('/ready');
      expect(container.livenessProbe?.httpGet.path).toBe('/health');
      // Kubernetes kills the pod after the grace period (default 30 s): it must cover the drain
      // (SHUTDOWN_DRAIN_MS 6000 → 6 s) plus the 15 s runMain allows the rest of the shutdown.
      const grace = (deployment as Workload).spec.template.spec.terminationGracePeriodSeconds ?? 30;
      expect(grace).toBeGreaterThanOrEqual(Number(configMap.data.SHUTDOWN_DRAIN_MS) / 1000 + 15);
    },
  );

  it.each(Object.keys(APPS))('%s: every variable it is given is one the app reads', (app) => {
    const [container] = containersOf(find(base, 'Deployment', app)!);
    const source = configSource(app);
    // The gateway reads <NAME>_URL for each subgraph of the manifest (apps/gateway/src/config.ts).
    const derived = app === GATEWAY.name ? SUBGRAPHS.map(urlVariable) : [];
    for (const name of (container.env ?? []).map((e) => e.name)) {
      const read = source.includes(name) || derived.includes(name);
      expect({ app, name, read }).toEqual({ app, name, read: true });
    }
    expect(container.envFrom?.[0].configMapRef?.name).toBe(configMap.metadata.name);
  });

  it('the readiness settings in the shared ConfigMap are ones the subgraphs read', () => {
    const source = configSource('sales');
    for (const name of ['READY_MAX_CONSUMER_LAG', 'SHUTDOWN_DRAIN_MS']) {
      expect(configMap.data[name]).toMatch(/^[0-9]+$/);
      expect(source).toContain(name);
    }
  });

  it.each(Object.keys(APPS))('%s: a Service and a HorizontalPodAutoscaler point at it', (app) => {
    const service = find(base, 'Service', app) as Manifest & { spec: { selector: Record<string, string> } };
    const deployment = find(base, 'Deployment', app) as Workload;
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata?.labels);
    const hpa = find(base, 'HorizontalPodAutoscaler', app);
    expect((hpa?.spec as { scaleTargetRef: { kind: string; name: string } }).scaleTargetRef).toEqual(
      expect.objectContaining({ kind: 'Deployment', name: app }),
    );
  });

  it.each(SUBGRAPHS)('%s: migrations run as their own Job with the same image', (app) => {
    const docs = render(`overlays/production/${app}`);
    const [container] = containersOf(find(docs, 'Job', `${app}-migrate`)!);
    expect(container.command).toEqual(['node', 'migrate.js']);
    expect(container.image).toBe(containersOf(find(docs, 'Deployment', app)!)[0].image);
    expect(existsSync(join(root, 'apps', app, 'src/migrate.ts'))).toBe(true);
  });

  describe('per-environment values', () => {
    const production = render('overlays/production');
    const dev = render('overlays/dev');

    it('production pins every image to a registry and a version tag, and runs 3 replicas of each', () => {
      for (const app of Object.keys(APPS)) {
        const deployment = find(production, 'Deployment', app) as Workload;
        expect(containersOf(deployment)[0].image).toBe(`registry.example.com/engagement/${app}:0.1.0`);
        expect(deployment.spec.replicas).toBe(3);
        expect(
          (find(production, 'HorizontalPodAutoscaler', app)?.spec as { minReplicas: number }).minReplicas,
        ).toBe(3);
      }
      expect(JSON.stringify(production)).not.toContain(':latest');
    });

    it('production sizes resources per service', () => {
      const resources = (app: App) => containersOf(find(production, 'Deployment', app)!)[0].resources;
      expect(resources('gateway')).toEqual({
        requests: { cpu: '500m', memory: '512Mi' },
        limits: { memory: '1Gi' },
      });
      expect(resources('accounting')).toEqual({
        requests: { cpu: '250m', memory: '384Mi' },
        limits: { memory: '768Mi' },
      });
      // Unpatched services keep the base's.
      expect(resources('sales')).toEqual(containersOf(find(base, 'Deployment', 'sales')!)[0].resources);
    });

    it('production ships no Secret: secrets are by reference, to platform-secrets only', () => {
      expect(production.filter((d) => d.kind === 'Secret')).toEqual([]);
      const referenced = secretKeys(production);
      expect(new Set(referenced)).toEqual(
        new Set([
          'GATEWAY_SIGNING_SECRET',
          'AUTH_JWT_SECRET',
          'SALES_DATABASE_URL',
          'ENGAGEMENT_DATABASE_URL',
          'PROJECT_DELIVERY_DATABASE_URL',
          'ACCOUNTING_DATABASE_URL',
        ]),
      );
      expect(JSON.stringify(production).match(/"secretKeyRef":\{"name":"(?!platform-secrets")/)).toBeNull();
    });

    it('dev runs one replica of locally built images and brings an example Secret with every referenced key', () => {
      for (const app of Object.keys(APPS)) {
        const deployment = find(dev, 'Deployment', app) as Workload;
        expect(containersOf(deployment)[0].image).toBe(`engagement/${app}:dev`);
        expect(deployment.spec.replicas).toBe(1);
      }
      const secret = find(dev, 'Secret', 'platform-secrets') as Manifest & {
        stringData: Record<string, string>;
      };
      for (const key of secretKeys(dev)) expect(Object.keys(secret.stringData)).toContain(key);
    });

    it.each(ENVIRONMENTS.flatMap((env) => Object.keys(APPS).map((app) => [env, app])))(
      '%s/%s: the service alone is a release of exactly its own objects, with the values of the whole overlay',
      (env, app) => {
        const alone = render(`overlays/${env}/${app}`);
        const whole = render(`overlays/${env}`);
        const names = new Set(alone.map((d) => d.metadata.name));
        expect(names).toEqual(new Set(app === 'gateway' ? ['gateway'] : [app, `${app}-migrate`]));
        for (const d of alone) expect(d).toEqual(find(whole, d.kind, d.metadata.name));
      },
    );

    it.each(ENVIRONMENTS)('%s: the releases together are the whole overlay', (env) => {
      const parts = RELEASES.flatMap((r) => render(`overlays/${env}/${r}`));
      const key = (d: Manifest) => `${d.kind}/${d.metadata.name}`;
      expect(parts.map(key).sort()).toEqual(render(`overlays/${env}`).map(key).sort());
    });
  });
});
