// One describe block's dashboard (on the seeded demo) and headless Chromium, and its pages opened on it.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { ChannelFactory } from "../../src/outbox/channel.js";
import type { Tenant } from "../../src/store/index.js";
import { launchChromium } from "./browser.js";
import { type DashboardServer, startDashboard } from "./dashboard.js";

export interface DashboardBrowserOptions {
  /** As startDashboard's: the web chat by default. */
  channels?: readonly ChannelFactory[];
  /** The test's own seeding, once the server is up (before the browser is launched). */
  prepare?: (server: DashboardServer) => Promise<void> | void;
  /** Whether a console error counts with the uncaught page errors (it does by default). */
  consoleErrors?: boolean;
  /** beforeAll's, in ms: the machine is shared and loaded. */
  timeout?: number;
}

export interface OpenOptions {
  /** Playwright's own (1280×720) when absent. */
  viewport?: { width: number; height: number };
  acceptDownloads?: boolean;
}

/** The demo's tenant (demo-coaching). */
export function demoTenant(server: DashboardServer): Tenant {
  const tenant = server.t.store.tenants.getBySlug("demo-coaching");
  if (!tenant) throw new Error("demo-coaching is not seeded");
  return tenant;
}

/** Called inside a describe: starts the server and the browser before its tests, closes both after. */
export function dashboardBrowser(options: DashboardBrowserOptions = {}) {
  let server: DashboardServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startDashboard(options.channels);
    await options.prepare?.(server);
    browser = await launchChromium();
  }, options.timeout ?? 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const started = <T>(what: T | undefined, name: string): T => {
    if (!what) throw new Error(`the ${name} is not started (used outside a test?)`);
    return what;
  };

  return {
    get server(): DashboardServer {
      return started(server, "dashboard");
    },
    get browser(): Browser {
      return started(browser, "browser");
    },
    tenant: () => demoTenant(started(server, "dashboard")),
    /** A new page at `${url}/${hash}`, and the errors it has had so far (a live array). */
    async open(hash = "", open: OpenOptions = {}): Promise<{ page: Page; errors: string[] }> {
      const page = await started(browser, "browser").newPage(open);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      if (options.consoleErrors ?? true)
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.goto(`${started(server, "dashboard").running.url}/${hash}`);
      return { page, errors };
    },
  };
}
