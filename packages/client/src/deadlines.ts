// Attempt timeouts with one timer per client instead of one per attempt (a timer set and cleared
// for every request was a tenth of the client's own cost).
//
// All of a client's attempts have the same timeout, so their deadlines come in the order they
// start: a queue in start order is in deadline order, and one timer, set for its first pending
// deadline, serves every attempt. A finished attempt is only marked (and lets go of what it would
// abort); finished entries at the head are dropped as others start or the timer fires. While no
// attempt is pending the timer is unref'd (Node, Bun), or cleared where timers have no unref
// (browsers, Deno), so an idle client never keeps a process alive.

export interface Deadline {
  /** When it expires (performance.now() ms). */
  readonly at: number;
  /** What it aborts; undefined once the attempt finished. */
  expire: (() => void) | undefined;
}

type Timer = ReturnType<typeof setTimeout> & { ref?(): unknown; unref?(): unknown };

export function createDeadlines(timeoutMs: number) {
  let queue: Deadline[] = [];
  let head = 0;
  let pending = 0;
  let timer: Timer | undefined;

  const finish = (entry: Deadline): void => {
    if (!entry.expire) return;
    entry.expire = undefined;
    // None pending: the timer may not keep the process alive.
    if (--pending) return;
    if (timer?.unref) timer.unref();
    else {
      clearTimeout(timer);
      timer = undefined;
    }
  };
  const fire = (): void => {
    const now = performance.now();
    timer = undefined;
    for (let entry = queue[head]; entry && (!entry.expire || entry.at <= now); entry = queue[++head]) {
      const { expire } = entry;
      finish(entry);
      expire?.();
    }
    // The next pending deadline, if any (an entry left at the head is one still pending).
    if (queue[head]) timer = setTimeout(fire, (queue[head] as Deadline).at - now);
  };

  return {
    /** Starts an attempt's deadline: `expire` is called if it is not finished within the timeout. */
    start(expire: () => void): Deadline {
      while (queue[head] && !queue[head]?.expire) head++;
      // Let go of the finished entries before the head (all of them when none is pending).
      if (head > 1000 || head === queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
      const entry: Deadline = { at: performance.now() + timeoutMs, expire };
      queue.push(entry);
      if (!pending++) timer?.ref?.();
      timer ??= setTimeout(fire, timeoutMs);
      return entry;
    },
    finish,
  };
}
