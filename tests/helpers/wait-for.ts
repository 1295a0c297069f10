// Polls until a condition holds (a background worker's effect), or fails with what was last seen.
export async function waitFor<T>(
  probe: () => T | undefined | null | false,
  { timeoutMs = 5_000, intervalMs = 20, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: ${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Lets the background loop run for a while, to show that something did NOT happen. */
export const settle = (ms = 400) => new Promise((resolve) => setTimeout(resolve, ms));
