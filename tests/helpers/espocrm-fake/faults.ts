// Injected faults, as in the contract's fake (§12): `{every, status, mode, delay, match, first, count}`.
// A fault watches the requests whose line (`METHOD /Path`, the path after /api/v1, no query) matches
// `match`; it fires on every one of them, or every `every`-th, or only the `first` k, at most `count`
// times. Firing waits `delay` seconds (once the request body is in), then: `before` answers `status`
// (503) without applying the request, `after` applies it and answers `status` instead, `drop` closes
// the connection without a word, `drop-after` (an addition) applies it and then closes. A fault with
// only a delay just delays.

export interface EspoFault {
  /** A regular expression over `METHOD /Path`, e.g. `^POST /Lead$`. All requests when absent. */
  match?: string | RegExp;
  /** Fire on every n-th matching request (1 = each). */
  every?: number;
  /** Fire only on the first k matching requests. */
  first?: number;
  /** Fire at most n times. */
  count?: number;
  /** The status answered (503 by default). */
  status?: number;
  mode?: "before" | "after" | "drop" | "drop-after";
  /** Seconds to wait before going on, as in the contract (0.2 = 200 ms). */
  delay?: number;
}

export interface FiredFault {
  mode: "before" | "after" | "drop" | "drop-after" | "delay";
  status: number;
  delayMs: number;
}

interface Watch {
  fault: EspoFault;
  re: RegExp | null;
  seen: number;
  fired: number;
}

export class FaultPlan {
  private watches: Watch[] = [];

  set(faults: EspoFault[]): void {
    this.watches = faults.map((fault) => ({
      fault,
      re: fault.match === undefined ? null : new RegExp(fault.match),
      seen: 0,
      fired: 0,
    }));
  }

  add(fault: EspoFault): void {
    this.set([...this.watches.map((w) => w.fault), fault]);
  }

  clear(): void {
    this.watches = [];
  }

  /** The fault this request meets, if any (each matching fault counts the request). */
  pick(line: string): FiredFault | null {
    let fired: FiredFault | null = null;
    for (const watch of this.watches) {
      const { fault } = watch;
      if (watch.re && !watch.re.test(line)) continue;
      watch.seen += 1;
      if (fired) continue;
      if (fault.first !== undefined && watch.seen > fault.first) continue;
      if (fault.every !== undefined && watch.seen % fault.every !== 0) continue;
      if (fault.count !== undefined && watch.fired >= fault.count) continue;
      watch.fired += 1;
      const mode =
        fault.mode ?? (fault.status === undefined && fault.delay !== undefined ? "delay" : "before");
      fired = { mode, status: fault.status ?? 503, delayMs: Math.round((fault.delay ?? 0) * 1000) };
    }
    return fired;
  }
}
