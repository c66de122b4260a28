import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a process and all its descendants, in MB (Linux /proc). */
export function treeRssMb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  let kb = 0;
  const visit = (p: number) => {
    try {
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      kb += match ? Number(match[1]) : 0;
    } catch {
      return;
    }
    for (const child of children.get(p) ?? []) visit(child);
  };
  visit(pid);
  return Math.round(kb / 1024);
}

/** Samples the web process's memory in the background and keeps the peak, overall and per phase. */
export class MemorySampler {
  peakMb = 0;
  readonly peakByPhase: Record<string, number> = {};
  private phase = 'idle';
  private timer?: NodeJS.Timeout;

  constructor(private readonly pid: number | undefined) {}

  get enabled(): boolean {
    return Boolean(this.pid);
  }

  sample(): number {
    if (!this.pid) return 0;
    const mb = treeRssMb(this.pid);
    this.peakMb = Math.max(this.peakMb, mb);
    this.peakByPhase[this.phase] = Math.max(this.peakByPhase[this.phase] ?? 0, mb);
    return mb;
  }

  enter(phase: string): void {
    this.phase = phase;
  }

  start(intervalMs = 200): void {
    if (!this.pid || this.timer) return;
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }
}
