// How busy the machine was while a row was measured, and where processes run. "Others" is every CPU tick of the
// machine (/proc/stat) less the ticks of this benchmark and all of its child processes (/proc/<pid>/stat), so the
// figure is the load that came from elsewhere: other users' builds and tests on a shared machine.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

export const CPUS = availableParallelism();

interface Ticks {
  /** Ticks of all CPUs, busy or idle. */
  total: number;
  /** Ticks spent busy (not idle, not waiting for I/O). */
  busy: number;
  /** Ticks of this process and its descendants, living or reaped. */
  ours: number;
}

const canRead = existsSync('/proc/stat');

function machineTicks(): { total: number; busy: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest is already inside user)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { total: busy + idle + iowait, busy };
}

interface ProcStat {
  ppid: number;
  /** utime + stime: the process's own ticks. */
  self: number;
  /** cutime + cstime: ticks of its children that it has reaped. */
  reaped: number;
}

function procStat(pid: string): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // it exited meanwhile
  }
  // The command name (field 2) may hold spaces and parentheses: split after its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime..cstime fields 14..17.
  const n = (field: number) => Number(fields[field - 3] ?? 0);
  return { ppid: n(4), self: n(14) + n(15), reaped: n(16) + n(17) };
}

/** Ticks of process `root` and every descendant: reaped ones are in their parents' cutime/cstime. */
function treeTicks(root: number): number {
  const stats = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(entry);
    if (stat) stats.set(Number(entry), stat);
  }
  const children = new Map<number, number[]>();
  for (const [pid, stat] of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  let ticks = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    const stat = stats.get(pid);
    if (stat) ticks += stat.self + stat.reaped;
    queue.push(...(children.get(pid) ?? []));
  }
  return ticks;
}

function sample(): Ticks | undefined {
  if (!canRead) return undefined;
  return { ...machineTicks(), ours: treeTicks(process.pid) };
}

/** How many ticks /proc counts per second of CPU (USER_HZ). */
const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/**
 * The CPU seconds process `pid` and its descendants have used so far, or undefined without /proc: read around a
 * load sample, the server's CPU per request, which the hypervisor's stolen time does not inflate as it does a rate.
 */
export function cpuSeconds(pid: number): number | undefined {
  return canRead ? treeTicks(pid) / TICKS_PER_SECOND : undefined;
}

/** Others' CPU, in cores, between two samples. */
function othersCores(from: Ticks, to: Ticks): number {
  const total = to.total - from.total;
  if (total <= 0) return Number.NaN;
  const others = Math.max(0, to.busy - from.busy - (to.ours - from.ours));
  return (others / total) * CPUS;
}

/** Starts watching; `stop()` says how busy the machine was meanwhile, from processes that are not ours. */
export function watchLoad(): { stop(): string } {
  const from = sample();
  return {
    stop() {
      const to = sample();
      if (!from || !to) return 'n/a (no /proc)';
      const cores = othersCores(from, to);
      return `${cores.toFixed(2)} of ${CPUS} cores`;
    },
  };
}

const readText = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
};

/**
 * How this machine's idle CPUs wait for work: Linux's cpuidle driver and, for a KVM guest's haltpoll driver, how long
 * a CPU polls before it halts. Undefined where /sys does not say.
 */
export function idleCpus(): { text: string; haltsAtOnce: boolean } | undefined {
  const driver = readText('/sys/devices/system/cpu/cpuidle/current_driver');
  if (!driver) return undefined;
  const pollNs = driver === 'haltpoll' ? readText('/sys/module/haltpoll/parameters/guest_halt_poll_ns') : undefined;
  return pollNs === undefined
    ? { text: `cpuidle ${driver}`, haltsAtOnce: false }
    : { text: `cpuidle haltpoll, guest_halt_poll_ns ${pollNs}`, haltsAtOnce: pollNs === '0' };
}

/** Whether `taskset` can pin a process here (it is missing on macOS, and some sandboxes refuse it). */
export const HAS_TASKSET = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/**
 * The CPUs the servers and the load generator use: on two or more cores with taskset, the server on CPU 0 and
 * the load generator (or measuring client) on the others, so that neither takes time from the other.
 */
export const PLACES = { server: '0', client: CPUS > 2 ? `1-${CPUS - 1}` : '1' } as const;

/** The command and arguments that run `command` pinned to `cpus` (unchanged when it cannot be pinned). */
export function pinned(cpus: string, command: string, args: readonly string[]): { command: string; args: string[] } {
  if (!HAS_TASKSET || CPUS < 2) return { command, args: [...args] };
  return { command: 'taskset', args: ['-c', cpus, command, ...args] };
}
