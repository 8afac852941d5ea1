/** Summary of a V8 CPU profile (`node --cpu-prof`): where the busy time went, by area and by function. */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Busy (non-idle) milliseconds inside the window. */
  busyMs: number;
  samples: number;
  byArea: Array<{ area: string; percent: number }>;
  topFunctions: Array<{ fn: string; percent: number }>;
}

/** Which package or part of Node a frame belongs to. */
function area(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === 'writev' || functionName === 'writeUtf8String' || functionName === 'writeBuffer')
      return 'socket writes (kernel)';
    if (functionName === '(program)') return '(program)';
    return 'native (JSON, crypto, buffers)';
  }
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:internal/deps/undici') || url.startsWith('node:internal/webstreams'))
    return 'node: fetch (undici, web streams)';
  if (url.startsWith('node:internal/modules')) return 'node: module loading';
  if (/^node:(internal\/)?(_http|http|net|stream|streams)/.test(url)) return 'node: http, net, streams';
  if (url.startsWith('node:internal/crypto') || url.startsWith('node:crypto')) return 'node: crypto';
  if (url.startsWith('node:internal/process') || url.startsWith('node:internal/timers'))
    return 'node: microtasks, timers';
  if (url.startsWith('node:')) return 'node: other (events, url, buffers)';
  const ours = /\/(apps|libs|tools)\/([^/]+)\//.exec(url);
  return ours ? `${ours[1]}/${ours[2]}` : url;
}

const IDLE = new Set(['(idle)', '(root)']);

/** Summarises the samples taken between `fromUs` and `toUs` (monotonic clock, as the profile's). */
export function summarizeProfile(
  path: string,
  window?: { fromUs: number; toUs: number },
  top = 12,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  let count = 0;
  let t = profile.startTime;
  const inWindow = (ts: number) => !window || (ts >= window.fromUs && ts <= window.toUs);
  for (let i = 0; i < profile.samples.length; i += 1) {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (!inWindow(t)) continue;
    const node = nodes.get(profile.samples[i]);
    if (!node || IDLE.has(node.callFrame.functionName)) continue;
    busy += dt;
    count += 1;
    const a = area(node.callFrame);
    byArea.set(a, (byArea.get(a) ?? 0) + dt);
    const where = node.callFrame.url
      ? `${node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(apps|libs|tools)\//, '$1/')}:${node.callFrame.lineNumber + 1}`
      : 'native';
    const fn = `${node.callFrame.functionName || '(anonymous)'} (${where})`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
  }
  const ranked = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  const pct = (v: number) => (busy > 0 ? Math.round((v / busy) * 1000) / 10 : 0);
  return {
    busyMs: Math.round(busy / 1000),
    samples: count,
    byArea: ranked(byArea).map(([a, v]) => ({ area: a, percent: pct(v) })),
    topFunctions: ranked(byFunction).map(([fn, v]) => ({ fn, percent: pct(v) })),
  };
}
