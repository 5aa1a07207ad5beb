// Sequential requests on one connection (fetch keeps it alive) for `ms`, after a warm-up:
// requests a second. Shared by the tooling and sandbox benchmarks.

/** `init` is fetch's; an answer that is not 2xx stops the benchmark, naming it. */
export async function requestsPerSecond(url, init, ms, warmup = 20) {
  const send = async () => {
    const response = await fetch(url, init);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${init.method ?? "GET"} ${url} answered ${response.status}`);
  };
  for (let i = 0; i < warmup; i++) await send();
  let count = 0;
  const until = performance.now() + ms;
  while (performance.now() < until) {
    await send();
    count++;
  }
  return (count * 1000) / ms;
}
