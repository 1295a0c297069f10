// Polls until a condition holds (a worker's effect, a call on a loopback peer), or fails with the last
// value seen so the test says what it was waiting for.
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 10_000, everyMs = 25, what = "condition" } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`waitFor timed out after ${timeoutMs} ms: ${what} (last: ${JSON.stringify(last)})`);
}
