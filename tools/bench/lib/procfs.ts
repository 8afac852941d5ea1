/**
 * CPU and memory of processes from /proc (Linux): per process tree, for the whole machine, and
 * for this process's waited-for children (the load generator). Ticks are USER_HZ (100 per second).
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, in ticks. */
  cpuTicks: number;
  /** Waited-for children's utime + stime, in ticks. */
  childTicks: number;
  rssBytes: number;
}

function readStat(pid: number | 'self'): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      pid: Number(text.slice(0, text.indexOf(' '))),
      ppid: Number(f[1]),
      cpuTicks: Number(f[11]) + Number(f[12]),
      childTicks: Number(f[13]) + Number(f[14]),
      rssBytes: Number(f[21]) * PAGE_BYTES,
    };
  } catch {
    return null;
  }
}

function allStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) stats.push(stat);
  }
  return stats;
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** `pid` and all its descendants (alive now). */
export function processTree(pid: number, stats: ProcStat[] = allStats()): number[] {
  const children = new Map<number, number[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
  const tree: number[] = [];
  const walk = (p: number) => {
    tree.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  if (stats.some((s) => s.pid === pid)) walk(pid);
  return tree;
}

/**
 * The process that does the work behind a `tsx` launcher: tsx's CLI runs the script in a child
 * node process, so the deepest node process of the tree (or `pid` itself).
 */
export function serviceProcess(pid: number): number {
  const tree = processTree(pid);
  return tree[tree.length - 1] ?? pid;
}

/** CPU seconds and resident bytes of a set of processes, summed. */
export function usage(pids: readonly number[]): { cpuSeconds: number; rssBytes: number } {
  let ticks = 0;
  let rss = 0;
  for (const pid of pids) {
    const stat = readStat(pid);
    if (!stat) continue;
    ticks += stat.cpuTicks;
    rss += stat.rssBytes;
  }
  return { cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes: rss };
}

/** CPU seconds of this process's children that have exited and been waited for (load generators). */
export function waitedChildrenCpuSeconds(): number {
  return (readStat('self')?.childTicks ?? 0) / TICKS_PER_SECOND;
}

/** Busy and total CPU seconds of the whole machine (all cores) since boot, from /proc/stat. */
export function machineCpu(): { busySeconds: number; totalSeconds: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busySeconds: busy / TICKS_PER_SECOND, totalSeconds: (busy + idle + iowait) / TICKS_PER_SECOND };
}

export type CpuSnapshot = Map<number, { group: string; seconds: number }>;

/** CPU seconds so far of every process alive now, with the group `classify` puts it in. */
export function cpuSnapshot(classify: (pid: number, commandLine: string) => string): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  for (const stat of allStats()) {
    snapshot.set(stat.pid, {
      group: classify(stat.pid, commandLine(stat.pid)),
      seconds: stat.cpuTicks / TICKS_PER_SECOND,
    });
  }
  return snapshot;
}

/**
 * CPU seconds per group between two snapshots, process by process: a process that started in
 * between counts whole. A process that exited in between (a pooled PostgreSQL connection closed
 * when idle, a short-lived tool) cannot be measured; the machine total minus these is its share.
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const groups: Record<string, number> = {};
  for (const [pid, now] of after) {
    const delta = now.seconds - (before.get(pid)?.seconds ?? 0);
    if (delta > 0) groups[now.group] = (groups[now.group] ?? 0) + delta;
  }
  return groups;
}

/** Samples the summed RSS of process trees every `intervalMs` and keeps each one's peak. */
export function rssSampler(trees: Record<string, () => readonly number[]>, intervalMs = 250) {
  const peaks: Record<string, number> = Object.fromEntries(Object.keys(trees).map((k) => [k, 0]));
  const sample = () => {
    for (const [name, pids] of Object.entries(trees)) {
      peaks[name] = Math.max(peaks[name], usage(pids()).rssBytes);
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: (): Record<string, number> => {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}
