// Polls a condition until it holds (a background worker's effect), or fails with what it last saw.
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 5_000, intervalMs = 25, what = "la condition" } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${what} n'est pas arrivée en ${timeoutMs} ms (dernier état : ${JSON.stringify(last)})`);
}
