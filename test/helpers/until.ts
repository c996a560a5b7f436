// Polls a condition until it holds. No timing is asserted: the bound only
// limits how long a broken build hangs before the test says what it waited for.

export async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 15_000, everyMs = 10): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
