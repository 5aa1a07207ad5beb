/** The longest delay setTimeout keeps: past it, Node and browsers fire after 1 ms instead. */
const LONGEST_TIMER_MS = 2_147_483_647;

/** Waits `ms` (in steps setTimeout can hold), or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let timer: ReturnType<typeof setTimeout>;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const arm = (left: number) => {
      timer = setTimeout(
        () => {
          if (left > LONGEST_TIMER_MS) return arm(left - LONGEST_TIMER_MS);
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.min(left, LONGEST_TIMER_MS),
      );
    };
    arm(ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
