import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

// A real headless browser: Debian's chromium, never a downloaded one, with a
// fresh profile that is removed on close.

export const CHROMIUM = "/usr/bin/chromium";

export interface TestBrowser {
  context: BrowserContext;
  /**
   * The one tab tests use, emptied (about:blank) for each caller. One tab for
   * the whole file: closing tabs one by one now and then stalls Chromium for
   * half a minute under load; the whole browser is closed at the end instead.
   */
  page(): Promise<Page>;
  close(): Promise<void>;
}

/** `javaScript: false` proves a page needs none. */
export async function openBrowser(options: { javaScript?: boolean } = {}): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); the tests never download a browser`);
  const profile = await mkdtemp(join(tmpdir(), "crisp-mcp-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    javaScriptEnabled: options.javaScript ?? true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  let tab: Page | undefined;
  return {
    context,
    async page() {
      tab ??= context.pages()[0] ?? (await context.newPage());
      tab.setDefaultTimeout(10_000);
      await tab.goto("about:blank");
      return tab;
    },
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}
