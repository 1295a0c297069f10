// Polls a condition until it holds (a background worker's effect), or fails with what it last saw.
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 5_000, intervalMs = 20, what = "la condition" } = {},
): Promise<Exclude<T, undefined | null | false | 0 | "">> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last as Exclude<T, undefined | null | false | 0 | "">;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${what} n'est pas arrivée en ${timeoutMs} ms (dernier état : ${JSON.stringify(last)})`);
}

/** Lets the background loop run for a while, to show that something did NOT happen. */
export const settle = (ms = 400) => new Promise((resolve) => setTimeout(resolve, ms));
