import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  KNOWLEDGE_BASE_MISMATCH,
  SANDBOX_LEGACY_WEBSITE_ID,
  SANDBOX_WEBSITE_ID,
  seededArticleId,
  seededChangeId,
  seededEntityId,
  seededTeamId,
  seededTreePath,
  startSandbox,
  type Sandbox,
} from "../src/sandbox/index.js";
import { Router, decodeParams } from "../src/sandbox/router.js";
import { OPERATIONS } from "../src/tools/catalog/index.js";

// The sandbox's two websites over real HTTP: the main one on the new
// Knowledge Base (tree, content, metadata, pages, history) with teams, the
// second one on the legacy Knowledge Base, and how each answers the other's
// routes.

interface Answer {
  status: number;
  text: string;
  /** The parsed body; tests read its fields freely. */
  json: any;
}

async function call(sandbox: Sandbox, method: string, path: string, options: { body?: unknown; query?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${sandbox.identifier}:${sandbox.key}`).toString("base64")}`,
    "x-crisp-tier": sandbox.tier,
  };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : "";
  const response = await fetch(`${sandbox.url}${path}${query}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : undefined };
}

/** A tree path as the client sends it: each part its own encoded segment. */
function encodePath(treePath: string): string {
  return treePath.split("/").map(encodeURIComponent).join("/");
}

const MAIN = `/website/${SANDBOX_WEBSITE_ID}`;
const LEGACY = `/website/${SANDBOX_LEGACY_WEBSITE_ID}`;
const TRACK = seededTreePath("en", "track-your-order");
const SHIPPING = seededTreePath("en", "shipping-times-and-costs");

const tree = (kind: string, locale: string, type: string, treePath: string) => `${MAIN}/helpdesk/tree/${kind}/${locale}/${type}/${encodePath(treePath)}`;

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ tier: "user" });
});

afterAll(async () => {
  await sandbox.close();
});

/** A sandbox of its own, for tests that edit and then read the history in order. */
async function withFreshSandbox(test: (fresh: Sandbox) => Promise<void>): Promise<void> {
  const fresh = await startSandbox({ tier: "user" });
  try {
    await test(fresh);
  } finally {
    await fresh.close();
  }
}

describe("router", () => {
  const router = new Router(OPERATIONS);

  it("lets {tree_path} span several segments and decodes each part", () => {
    const found = router.match("GET", `${MAIN}/helpdesk/tree/content/en/articles/a%20b/c%26d/e`);
    expect(found.kind).toBe("matched");
    if (found.kind !== "matched") return;
    expect(found.route.operations[0]!.name).toBe("resolve_helpdesk_tree_content");
    expect(decodeParams(found.route, found.rawParams)).toEqual({
      website_id: SANDBOX_WEBSITE_ID,
      locale: "en",
      content_type: "articles",
      tree_path: "a b/c&d/e",
    });
    const single = router.match("POST", `${MAIN}/helpdesk/tree/path/en/guides/running-shoe-sizing`);
    expect(single.kind === "matched" && single.route.operations[0]!.name).toBe("create_helpdesk_tree_path");
  });

  it("keeps every other placeholder to one segment", () => {
    expect(router.match("GET", `${MAIN}/conversation/session_a/b`).kind).toBe("unknown");
    expect(router.match("GET", `${MAIN}/helpdesk/page/entity/en/articles/x/y`).kind).toBe("unknown");
    expect(router.match("GET", `${MAIN}/helpdesk/tree/content/en/articles`).kind).toBe("unknown");
  });
});

describe("two websites", () => {
  it("reaches the main and the legacy website with the same credentials", async () => {
    expect(sandbox.websiteId).toBe(SANDBOX_WEBSITE_ID);
    expect(sandbox.legacyWebsiteId).toBe(SANDBOX_LEGACY_WEBSITE_ID);
    expect((await call(sandbox, "GET", MAIN)).json.data.name).toBe("Acme Shop");
    expect((await call(sandbox, "GET", LEGACY)).json.data).toEqual({
      website_id: SANDBOX_LEGACY_WEBSITE_ID,
      name: "Acme Outlet",
      domain: "outlet.acme-shop.example",
      logo: expect.any(String),
    });
    expect((await call(sandbox, "GET", `${LEGACY}/operators/list`)).json.data).toHaveLength(3);
    const other = await call(sandbox, "GET", "/website/00000000-0000-4000-8000-000000000000/helpdesk/locales/1");
    expect(other.status).toBe(404);
    expect(other.json.data.namespace).toBe("website");
  });

  it("simulates only the Knowledge Base of the legacy website", async () => {
    for (const path of [`${LEGACY}/conversations/1`, `${LEGACY}/teams/list/1`]) {
      const answer = await call(sandbox, "GET", path);
      expect(answer.status).toBe(404);
      expect(answer.json).toMatchObject({ error: true, reason: "not_found", data: { namespace: "website" } });
    }
  });

  it("reports per-content-type statistics on the new Knowledge Base and flat counts on the legacy one", async () => {
    const locales = (await call(sandbox, "GET", `${MAIN}/helpdesk/locales/1`)).json.data;
    expect(locales.map((locale: { locale: string }) => locale.locale)).toEqual(["en", "fr"]);
    expect(locales[0].statistics).toEqual({
      articles: { entries: 9, groups: 5 },
      guides: { entries: 2, groups: 1 },
      references: { entries: 0, groups: 0 },
      news: { entries: 0, groups: 0 },
    });
    expect(locales[0]).not.toHaveProperty("articles");
    expect((await call(sandbox, "GET", `${MAIN}/helpdesk/locale/fr`)).json.data.statistics.articles).toEqual({ entries: 2, groups: 2 });

    const legacy = (await call(sandbox, "GET", `${LEGACY}/helpdesk/locales/1`)).json.data;
    expect(legacy.map((locale: { locale: string; articles: number; categories: number }) => [locale.locale, locale.articles, locale.categories])).toEqual([
      ["en", 8, 5],
      ["fr", 2, 2],
    ]);
    expect(legacy[0]).not.toHaveProperty("statistics");
    expect((await call(sandbox, "GET", `${MAIN}/helpdesk`)).json.data).toEqual({ name: "Acme Shop Help Center", url: "https://help.acme-shop.example", locales: ["en", "fr"] });
    expect((await call(sandbox, "GET", `${LEGACY}/helpdesk`)).json.data.url).toBe("https://help.outlet.acme-shop.example");
  });
});

describe("tree", () => {
  it("lists the top-level groups with their entries", async () => {
    const roots = (await call(sandbox, "GET", `${MAIN}/helpdesk/tree/list/en/articles/1`)).json.data;
    expect(roots.map((node: { slug: string }) => node.slug)).toEqual(["orders-shipping", "returns-refunds", "account", "payments", "products"]);
    expect(roots[0]).toEqual({
      type: "group",
      slug: "orders-shipping",
      title: "Orders & shipping",
      state: { published: true, hidden: false, featured: false },
      children: [
        { type: "entry", slug: "track-your-order", title: "How to track your order", state: { published: true, hidden: false, featured: true }, children: [] },
        { type: "entry", slug: "shipping-times-and-costs", title: "Shipping times and costs", state: { published: true, hidden: false, featured: false }, children: [] },
        { type: "entry", slug: "team-and-bulk-orders", title: "Team and bulk orders", state: { published: true, hidden: false, featured: false }, children: [] },
      ],
    });
    expect((await call(sandbox, "GET", `${MAIN}/helpdesk/tree/list/en/articles/2`)).json.data).toEqual([]);
    const guides = (await call(sandbox, "GET", `${MAIN}/helpdesk/tree/list/en/guides/1`)).json.data;
    expect(guides.map((node: { type: string; slug: string }) => `${node.type}:${node.slug}`)).toEqual(["entry:running-shoe-sizing", "group:team-orders"]);
    expect(guides[1].children[0]).toMatchObject({ slug: "placing-a-team-order", title: "Placing a team order, step by step" });
    expect((await call(sandbox, "GET", `${MAIN}/helpdesk/tree/list/en/news/1`)).json.data).toEqual([]);
  });

  it("lists under a sub path, searches titles at any depth and filters by update date", async () => {
    const products = (await call(sandbox, "GET", `${MAIN}/helpdesk/tree/list/en/articles/1`, { query: { sub_path: "products" } })).json.data;
    expect(products.map((node: { slug: string; state: { published: boolean } }) => [node.slug, node.state.published])).toEqual([
      ["shoe-size-guide", true],
      ["waterproofing-trail-shoes", false],
    ]);
    const searched = (await call(sandbox, "GET", `${MAIN}/helpdesk/tree/list/en/articles/1`, { query: { search_title: "REFUND" } })).json.data;
    expect(searched.map((node: { type: string; title: string }) => [node.type, node.title])).toEqual([
      ["group", "Returns & refunds"],
      ["entry", "Returns and refunds policy"],
    ]);
    expect(searched[0].children).toHaveLength(1);
    const recent = (
      await call(sandbox, "GET", `${MAIN}/helpdesk/tree/list/en/articles/1`, { query: { filter_date_start: new Date(Date.now() - 3 * 86_400_000).toISOString() } })
    ).json.data;
    expect(recent.map((node: { slug: string }) => node.slug)).toEqual(["orders-shipping", "products"]);
    expect((await call(sandbox, "GET", `${MAIN}/helpdesk/tree/list/en/articles/1`, { query: { filter_date_end: "yesterday-ish" } })).json.reason).toBe("invalid_data");
    const missing = await call(sandbox, "GET", `${MAIN}/helpdesk/tree/list/en/articles/1`, { query: { sub_path: "nowhere" } });
    expect(missing.status).toBe(404);
    expect(missing.json.data.namespace).toBe("tree");
  });

  it("refuses an unknown content type or locale", async () => {
    const badType = await call(sandbox, "GET", `${MAIN}/helpdesk/tree/list/en/faq/1`);
    expect(badType.status).toBe(400);
    expect(badType.json).toMatchObject({ reason: "invalid_data", data: { message: expect.stringContaining("content_type") } });
    const badLocale = await call(sandbox, "GET", `${MAIN}/helpdesk/tree/list/de/articles/1`);
    expect(badLocale.status).toBe(404);
    expect(badLocale.json.data.namespace).toBe("locale");
  });

  it("resolves a tree path, its content, its metadata and its page", async () => {
    expect((await call(sandbox, "GET", tree("path", "en", "articles", TRACK))).json.data).toEqual({
      type: "entry",
      slug: "track-your-order",
      title: "How to track your order",
      state: { published: true, hidden: false, featured: true },
      children: [],
    });
    expect((await call(sandbox, "GET", tree("content", "en", "articles", TRACK))).json.data.content).toContain("## Tracking your parcel");
    expect((await call(sandbox, "GET", tree("metadata", "en", "articles", TRACK))).json.data).toEqual({
      format: "markdown",
      title: "How to track your order",
      description: "Find where your parcel is and what each tracking status means.",
      state: { published: true, hidden: false, featured: true },
      author: { user_id: sandbox.state.operators[0]!.user_id },
    });
    expect((await call(sandbox, "GET", tree("metadata", "en", "articles", "orders-shipping"))).json.data.color).toBe("#2563eb");
    expect((await call(sandbox, "GET", tree("page", "en", "articles", TRACK))).json.data).toEqual({
      title: "How to track your order",
      url: "https://help.acme-shop.example/en/articles/orders-shipping/track-your-order/",
    });
    const missing = await call(sandbox, "GET", tree("path", "en", "articles", "orders-shipping/lost-parcels"));
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: true, reason: "not_found", data: { namespace: "tree", message: expect.stringContaining("orders-shipping/lost-parcels") } });
  });
});

describe("pages", () => {
  it("lists published, non-hidden entries with entity id, tree path and URL", async () => {
    const pages = (await call(sandbox, "GET", `${MAIN}/helpdesk/page/list/en/articles/1`)).json.data;
    expect(pages).toHaveLength(8);
    expect(pages[0]).toEqual({
      entity_id: seededEntityId("en", "articles", TRACK),
      title: "How to track your order",
      tree_path: "orders-shipping/track-your-order",
      url: "https://help.acme-shop.example/en/articles/orders-shipping/track-your-order/",
    });
    expect(pages.map((page: { tree_path: string }) => page.tree_path)).not.toContain("products/waterproofing-trail-shoes");
    expect((await call(sandbox, "GET", `${MAIN}/helpdesk/page/list/en/articles/2`)).json.data).toEqual([]);
    const guides = (await call(sandbox, "GET", `${MAIN}/helpdesk/page/list/en/guides/1`)).json.data;
    expect(guides.map((page: { tree_path: string }) => page.tree_path)).toEqual(["running-shoe-sizing", "team-orders/placing-a-team-order"]);
    const french = (await call(sandbox, "GET", `${MAIN}/helpdesk/page/list/fr/articles/1`)).json.data;
    expect(french.map((page: { title: string }) => page.title)).toEqual(["Suivre votre commande", "Retours et remboursements"]);
  });

  it("resolves a published page by entity id, and 404s a draft", async () => {
    const entityId = seededEntityId("en", "guides", "running-shoe-sizing");
    expect((await call(sandbox, "GET", `${MAIN}/helpdesk/page/entity/en/guides/${entityId}`)).json.data).toEqual({
      entity_id: entityId,
      title: "Running shoe sizing guide",
      tree_path: "running-shoe-sizing",
      url: "https://help.acme-shop.example/en/guides/running-shoe-sizing/",
    });
    const draft = await call(sandbox, "GET", `${MAIN}/helpdesk/page/entity/en/articles/${seededEntityId("en", "articles", "products/waterproofing-trail-shoes")}`);
    expect(draft.status).toBe(404);
    expect(draft.json.data.namespace).toBe("page");
  });
});

describe("editing the tree", () => {
  it("creates an unpublished entry, round-trips its content and merges its metadata", async () => {
    await withFreshSandbox(async (fresh) => {
      const path = "products/caring-for-leather-boots";
      const created = await call(fresh, "POST", tree("path", "en", "articles", path), { body: {} });
      expect(created.json).toEqual({ error: false, reason: "added", data: {} });
      expect((await call(fresh, "GET", tree("path", "en", "articles", path))).json.data).toEqual({
        type: "entry",
        slug: "caring-for-leather-boots",
        title: "Caring for leather boots",
        state: { published: false, hidden: false, featured: false },
        children: [],
      });
      const again = await call(fresh, "POST", tree("path", "en", "articles", path), { body: {} });
      expect(again.status).toBe(400);
      expect(again.json.reason).toBe("invalid_data");

      const content = "## Clean\n\nUse a soft brush and saddle soap.\n\n## Protect\n\nWax once a month.";
      expect((await call(fresh, "PUT", tree("content", "en", "articles", path), { body: { content } })).json.reason).toBe("updated");
      expect((await call(fresh, "GET", tree("content", "en", "articles", path))).json.data).toEqual({ content });
      expect((await call(fresh, "PUT", tree("content", "en", "articles", path), { body: { content: 42 } })).status).toBe(400);

      await call(fresh, "PATCH", tree("metadata", "en", "articles", path), {
        body: { title: "Caring for leather boots", description: "Keep them supple and waterproof.", state: { published: true } },
      });
      await call(fresh, "PATCH", tree("metadata", "en", "articles", path), { body: { state: { featured: true }, color: "#7c2d12" } });
      expect((await call(fresh, "GET", tree("metadata", "en", "articles", path))).json.data).toEqual({
        format: "markdown",
        title: "Caring for leather boots",
        description: "Keep them supple and waterproof.",
        state: { published: true, hidden: false, featured: true },
        author: { user_id: fresh.state.operators[0]!.user_id },
        color: "#7c2d12",
      });
      const pages = (await call(fresh, "GET", `${MAIN}/helpdesk/page/list/en/articles/1`)).json.data;
      expect(pages.map((page: { tree_path: string }) => page.tree_path)).toContain(path);

      for (const body of [{ state: { published: "yes" } }, { state: { archived: true } }, { slug: "x" }, { title: "" }, { author: { user_id: "nobody" } }]) {
        const refused = await call(fresh, "PATCH", tree("metadata", "en", "articles", path), { body });
        expect(refused.status, JSON.stringify(body)).toBe(400);
        expect(refused.json.reason).toBe("invalid_data");
      }
      await call(fresh, "PATCH", tree("metadata", "en", "articles", path), { body: { state: { hidden: true } } });
      expect((await call(fresh, "GET", `${MAIN}/helpdesk/page/list/en/articles/1`)).json.data).toHaveLength(8);
    });
  });

  it("takes a multi-segment tree path with encoded characters, creating missing groups", async () => {
    await withFreshSandbox(async (fresh) => {
      const path = "products/sizes & fit/wide-feet";
      fresh.clearRequests();
      expect((await call(fresh, "POST", tree("path", "en", "articles", path), { body: {} })).status).toBe(200);
      expect(fresh.requests.at(-1)).toMatchObject({
        method: "POST",
        path: `${MAIN}/helpdesk/tree/path/en/articles/products/sizes%20%26%20fit/wide-feet`,
        operation: "create_helpdesk_tree_path",
        status: 200,
      });
      const group = (await call(fresh, "GET", tree("path", "en", "articles", "products/sizes & fit"))).json.data;
      expect(group).toMatchObject({ type: "group", slug: "sizes & fit", title: "Sizes & fit", children: [{ type: "entry", slug: "wide-feet" }] });
      await call(fresh, "PUT", tree("content", "en", "articles", path), { body: { content: "Try the **Cloudline Wide**." } });
      expect((await call(fresh, "GET", tree("content", "en", "articles", path))).json.data.content).toBe("Try the **Cloudline Wide**.");
      const listed = (await call(fresh, "GET", `${MAIN}/helpdesk/tree/list/en/articles/1`, { query: { sub_path: "products/sizes & fit" } })).json.data;
      expect(listed.map((node: { slug: string }) => node.slug)).toEqual(["wide-feet"]);
      expect((await call(fresh, "GET", tree("page", "en", "articles", path))).json.data.url).toBe(
        "https://help.acme-shop.example/en/articles/products/sizes%20%26%20fit/wide-feet/",
      );

      const underEntry = await call(fresh, "POST", tree("path", "en", "articles", `${TRACK}/child`), { body: {} });
      expect(underEntry.status).toBe(400);
      expect(underEntry.json.data.message).toContain("not a group");
      const emptyPart = await call(fresh, "POST", `${MAIN}/helpdesk/tree/path/en/articles/products//x`, { body: {} });
      expect(emptyPart.status).toBe(400);
      expect(emptyPart.json.reason).toBe("invalid_data");
    });
  });

  it("moves, reorders and deletes entries", async () => {
    await withFreshSandbox(async (fresh) => {
      const from = "products/shoe-size-guide";
      const moved = await call(fresh, "PATCH", tree("path", "en", "articles", from), { body: { action: "move", path: { to: "sizing/shoe-size-guide" } } });
      expect(moved.json.reason).toBe("updated");
      expect((await call(fresh, "GET", tree("path", "en", "articles", from))).status).toBe(404);
      expect((await call(fresh, "GET", tree("path", "en", "articles", "sizing"))).json.data).toMatchObject({ type: "group", children: [{ slug: "shoe-size-guide" }] });
      // The entity keeps its id; its page moves.
      const entity = await call(fresh, "GET", `${MAIN}/helpdesk/page/entity/en/articles/${seededEntityId("en", "articles", from)}`);
      expect(entity.json.data).toMatchObject({ tree_path: "sizing/shoe-size-guide", url: "https://help.acme-shop.example/en/articles/sizing/shoe-size-guide/" });

      await call(fresh, "PATCH", tree("path", "en", "articles", "orders-shipping/team-and-bulk-orders"), { body: { action: "reorder", position: 0 } });
      const orders = (await call(fresh, "GET", `${MAIN}/helpdesk/tree/list/en/articles/1`, { query: { sub_path: "orders-shipping" } })).json.data;
      expect(orders.map((node: { slug: string }) => node.slug)).toEqual(["team-and-bulk-orders", "track-your-order", "shipping-times-and-costs"]);

      for (const body of [{ action: "rename" }, { action: "move" }, { action: "move", path: { to: TRACK } }, { action: "reorder", position: -1 }, {}]) {
        const refused = await call(fresh, "PATCH", tree("path", "en", "articles", "payments/gift-cards"), { body });
        expect(refused.status, JSON.stringify(body)).toBe(400);
        expect(refused.json.reason).toBe("invalid_data");
      }

      expect((await call(fresh, "DELETE", tree("path", "en", "articles", "payments"))).json.reason).toBe("deleted");
      expect((await call(fresh, "GET", tree("path", "en", "articles", "payments/gift-cards"))).status).toBe(404);
      expect((await call(fresh, "GET", `${MAIN}/helpdesk/locale/en`)).json.data.statistics.articles).toEqual({ entries: 7, groups: 5 });
    });
  });
});

describe("history", () => {
  async function latest(fresh: Sandbox): Promise<any> {
    return (await call(fresh, "GET", `${MAIN}/helpdesk/history/changes/1`)).json.data[0];
  }

  it("starts with the seeded change and records every kind of edit, newest first", async () => {
    await withFreshSandbox(async (fresh) => {
      const seeded = (await call(fresh, "GET", `${MAIN}/helpdesk/history/changes/1`)).json.data;
      expect(seeded).toEqual([
        {
          change_id: seededChangeId("canada-shipping-costs"),
          message: "Lower standard shipping to Canada to $12",
          author: { email: "tom@acme-shop.example", name: "Tom Becker" },
          edits: { insertions: 1, deletions: 1 },
          created_at: expect.any(Number),
          files: [{ change: "modified", path: SHIPPING, locale: "en", type: "articles", content: expect.stringContaining("5-8 business days, $12") }],
        },
      ]);

      const path = "account/two-factor-sign-in";
      const maya = { email: "maya@acme-shop.example", name: "Maya Lopez" };
      await call(fresh, "POST", tree("path", "en", "articles", path), { body: {} });
      expect(await latest(fresh)).toMatchObject({
        message: `Create en/articles/${path}`,
        author: maya,
        files: [{ change: "added", path, locale: "en", type: "articles", metadata: { title: "Two factor sign in", state: { published: false } }, content: "" }],
      });
      await call(fresh, "PUT", tree("content", "en", "articles", path), { body: { content: "## Turn it on\n\nGo to **Account > Security**." } });
      expect(await latest(fresh)).toMatchObject({
        message: `Update content of en/articles/${path}`,
        edits: { insertions: 3, deletions: 0 },
        files: [{ change: "modified", path, content: "## Turn it on\n\nGo to **Account > Security**." }],
      });
      await call(fresh, "PATCH", tree("metadata", "en", "articles", path), { body: { title: "Two-factor sign-in" } });
      expect(await latest(fresh)).toMatchObject({
        message: `Update metadata of en/articles/${path}`,
        edits: { insertions: 1, deletions: 1 },
        files: [{ change: "modified", path, metadata: { title: "Two-factor sign-in" } }],
      });
      await call(fresh, "PATCH", tree("path", "en", "articles", path), { body: { action: "move", path: { to: "account/security/two-factor" } } });
      expect((await latest(fresh)).files).toEqual([
        expect.objectContaining({ change: "added", path: "account/security" }),
        { change: "moved", path: "account/security/two-factor", from: path, locale: "en", type: "articles" },
      ]);
      await call(fresh, "DELETE", tree("path", "en", "articles", "account/security"));
      const deleted = await latest(fresh);
      expect(deleted.files.map((file: { change: string; path: string }) => `${file.change} ${file.path}`)).toEqual([
        "deleted account/security",
        "deleted account/security/two-factor",
      ]);
      expect(deleted.edits.deletions).toBeGreaterThan(0);

      const all = (await call(fresh, "GET", `${MAIN}/helpdesk/history/changes/1`)).json.data;
      expect(all).toHaveLength(6);
      expect(all.at(-1).change_id).toBe(seededChangeId("canada-shipping-costs"));
      expect((await call(fresh, "GET", `${MAIN}/helpdesk/history/change/${deleted.change_id}`)).json.data).toEqual(deleted);
    });
  });

  it("filters by locale, content type and tree path", async () => {
    await withFreshSandbox(async (fresh) => {
      await call(fresh, "PUT", tree("content", "en", "guides", "running-shoe-sizing"), { body: { content: "## Measure\n\nEvening, longer foot." } });
      await call(fresh, "PUT", tree("content", "fr", "articles", "commandes-et-livraison/suivre-votre-commande"), { body: { content: "## Suivi\n\nLien par e-mail." } });
      const list = async (query: Record<string, string>) =>
        (await call(fresh, "GET", `${MAIN}/helpdesk/history/changes/1`, { query })).json.data.map((change: { message: string }) => change.message);
      expect(await list({ filter_type: "guides" })).toEqual(["Update content of en/guides/running-shoe-sizing"]);
      expect(await list({ filter_locale: "fr" })).toEqual(["Update content of fr/articles/commandes-et-livraison/suivre-votre-commande"]);
      expect(await list({ filter_locale: "en", filter_type: "articles" })).toEqual(["Lower standard shipping to Canada to $12"]);
      expect(await list({ filter_tree_path: "orders-shipping" })).toEqual(["Lower standard shipping to Canada to $12"]);
      expect(await list({ filter_tree_path: "account" })).toEqual([]);
      expect((await call(fresh, "GET", `${MAIN}/helpdesk/history/changes/2`)).json.data).toEqual([]);
    });
  });

  it("cancels a content edit, the seeded change and a create, each recorded as a revert", async () => {
    await withFreshSandbox(async (fresh) => {
      const original = (await call(fresh, "GET", tree("content", "en", "articles", TRACK))).json.data.content;
      await call(fresh, "PUT", tree("content", "en", "articles", TRACK), { body: { content: "Tracking is down today." } });
      const edit = await latest(fresh);

      const wrongAction = await call(fresh, "DELETE", `${MAIN}/helpdesk/history/change/${edit.change_id}`, { body: { action: "undo" } });
      expect(wrongAction.status).toBe(400);
      expect(wrongAction.json.reason).toBe("invalid_data");

      const cancelled = await call(fresh, "DELETE", `${MAIN}/helpdesk/history/change/${edit.change_id}`, { body: { action: "revert" } });
      expect(cancelled.json).toEqual({ error: false, reason: "deleted", data: { change_id: expect.any(String) } });
      expect((await call(fresh, "GET", tree("content", "en", "articles", TRACK))).json.data.content).toBe(original);
      const revert = await latest(fresh);
      expect(revert).toMatchObject({
        change_id: cancelled.json.data.change_id,
        message: `Revert "Update content of en/articles/${TRACK}"`,
        files: [{ change: "modified", path: TRACK, content: original }],
      });
      const twice = await call(fresh, "DELETE", `${MAIN}/helpdesk/history/change/${edit.change_id}`, { body: { action: "revert" } });
      expect(twice.status).toBe(400);
      expect(twice.json.data.message).toContain("already cancelled");

      await call(fresh, "DELETE", `${MAIN}/helpdesk/history/change/${seededChangeId("canada-shipping-costs")}`, { body: { action: "revert" } });
      expect((await call(fresh, "GET", tree("content", "en", "articles", SHIPPING))).json.data.content).toContain("| Canada | 5-8 business days, $15 |");

      await call(fresh, "POST", tree("path", "en", "news", "spring-collection"), { body: {} });
      expect((await call(fresh, "GET", `${MAIN}/helpdesk/locale/en`)).json.data.statistics.news).toEqual({ entries: 1, groups: 0 });
      const create = await latest(fresh);
      await call(fresh, "DELETE", `${MAIN}/helpdesk/history/change/${create.change_id}`, { body: { action: "revert" } });
      expect((await call(fresh, "GET", tree("path", "en", "news", "spring-collection"))).status).toBe(404);
      expect((await latest(fresh)).files).toEqual([{ change: "deleted", path: "spring-collection", locale: "en", type: "news" }]);

      const unknown = await call(fresh, "GET", `${MAIN}/helpdesk/history/change/00000000-0000-4000-8000-000000000000`);
      expect(unknown.status).toBe(404);
      expect(unknown.json.data.namespace).toBe("change");
    });
  });
});

describe("per-content-type jobs", () => {
  it("answers feedback, refresh, import and export", async () => {
    expect((await call(sandbox, "GET", `${MAIN}/helpdesk/feedback/ratings/en/articles`)).json.data).toEqual({ ratings: { helpful: 2, unhelpful: 1 } });
    expect((await call(sandbox, "GET", `${MAIN}/helpdesk/feedback/ratings/en/guides`)).json.data).toEqual({ ratings: { helpful: 1, unhelpful: 0 } });
    const feedbacks = (await call(sandbox, "GET", `${MAIN}/helpdesk/feedback/list/en/articles/1`)).json.data;
    expect(feedbacks.map((feedback: { rating: string; article: { title: string } }) => [feedback.rating, feedback.article.title])).toEqual([
      ["helpful", "Team and bulk orders"],
      ["helpful", "How to track your order"],
      ["unhelpful", "Returns and refunds policy"],
    ]);
    expect(feedbacks[1].article.article_id).toBe(seededEntityId("en", "articles", TRACK));
    expect(feedbacks[1].session).toMatchObject({ nickname: "Emma Wilson" });

    expect((await call(sandbox, "POST", `${MAIN}/helpdesk/refresh/en/articles`, { body: {} })).status).toBe(200);
    expect((await call(sandbox, "POST", `${MAIN}/helpdesk/export/en/guides`, { body: {} })).json).toEqual({ error: false, reason: "dispatched", data: {} });
    const imported = await call(sandbox, "POST", `${MAIN}/helpdesk/import/en/articles`, {
      body: { helpdesk_url: "https://help.example.com", detect_locales: true, other_locales: ["fr"] },
    });
    expect(imported.status).toBe(200);
    for (const body of [{}, { helpdesk_url: "ftp://x" }, { helpdesk_url: "https://help.example.com", other_locales: ["not a locale"] }]) {
      expect((await call(sandbox, "POST", `${MAIN}/helpdesk/import/en/articles`, { body })).status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("teams", () => {
  it("lists the seeded teams, creates, checks, gets, saves and deletes one", async () => {
    const [maya, tom, aiko] = sandbox.state.operators.map((operator) => operator.user_id);
    const listed = (await call(sandbox, "GET", `${MAIN}/teams/list/1`)).json.data;
    expect(listed).toEqual([
      { team_id: seededTeamId("sales"), name: "Sales", emoji: "💰", operators: [maya, tom], created_at: expect.any(Number), updated_at: expect.any(Number) },
      { team_id: seededTeamId("support"), name: "Support", emoji: "🛟", operators: [maya, tom, aiko], created_at: expect.any(Number), updated_at: expect.any(Number) },
    ]);
    expect((await call(sandbox, "GET", `${MAIN}/teams/list/2`)).json.data).toEqual([]);

    const created = await call(sandbox, "POST", `${MAIN}/team`, { body: { name: "Wholesale", emoji: "📦", operators: [tom] } });
    expect(created.json).toMatchObject({ error: false, reason: "added", data: { team_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) } });
    const path = `${MAIN}/team/${created.json.data.team_id}`;
    const head = await call(sandbox, "HEAD", path);
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
    expect((await call(sandbox, "GET", path)).json.data).toMatchObject({ name: "Wholesale", emoji: "📦", operators: [tom] });

    await call(sandbox, "PUT", path, { body: { name: "Wholesale & B2B", operators: [tom, aiko] } });
    expect((await call(sandbox, "GET", path)).json.data).toMatchObject({ name: "Wholesale & B2B", emoji: "", operators: [tom, aiko] });
    const badMember = await call(sandbox, "PUT", path, { body: { name: "x", operators: ["00000000-0000-4000-8000-000000000000"] } });
    expect(badMember.status).toBe(400);
    expect(badMember.json.reason).toBe("invalid_data");

    expect((await call(sandbox, "DELETE", path)).json.reason).toBe("deleted");
    expect((await call(sandbox, "HEAD", path)).status).toBe(404);
    const gone = await call(sandbox, "GET", path);
    expect(gone.status).toBe(404);
    expect(gone.json).toMatchObject({ error: true, reason: "not_found", data: { namespace: "team" } });
    expect((await call(sandbox, "DELETE", path)).status).toBe(404);
    expect((await call(sandbox, "GET", `${MAIN}/teams/list/1`)).json.data).toHaveLength(2);
  });
});

describe("each website answers the other Knowledge Base's routes with 404", () => {
  const usesNew = { error: true, reason: "not_found", data: { namespace: "helpdesk", message: KNOWLEDGE_BASE_MISMATCH.usesNew } };
  const usesLegacy = { error: true, reason: "not_found", data: { namespace: "helpdesk", message: KNOWLEDGE_BASE_MISMATCH.usesLegacy } };

  it("refuses legacy routes, their _legacy forms included, on the new-Knowledge-Base website", async () => {
    const article = seededArticleId("en", "track-your-order");
    for (const [method, path] of [
      ["GET", `${MAIN}/helpdesk/locale/en/articles/1`],
      ["GET", `${MAIN}/helpdesk/locale/en/article/${article}`],
      ["POST", `${MAIN}/helpdesk/locale/en/article`],
      ["GET", `${MAIN}/helpdesk/locale/en/categories/1`],
      ["GET", `${MAIN}/helpdesk/locale/en/feedback/ratings`],
      ["POST", `${MAIN}/helpdesk/locale/en/export`],
    ] as const) {
      const answer = await call(sandbox, method, path, method === "POST" ? { body: { title: "x" } } : {});
      expect(answer.status, path).toBe(404);
      expect(answer.json, path).toEqual(usesNew);
    }
    expect(KNOWLEDGE_BASE_MISMATCH.usesNew).toMatch(/^this website uses the new Knowledge Base/);
    const head = await call(sandbox, "HEAD", `${MAIN}/helpdesk/locale/en/article/${article}`);
    expect(head.status).toBe(404);
    expect(head.text).toBe("");
  });

  it("refuses new routes, the moved methods' new forms included, on the legacy website", async () => {
    for (const [method, path] of [
      ["GET", `${LEGACY}/helpdesk/tree/list/en/articles/1`],
      ["GET", `${LEGACY}/helpdesk/tree/content/en/articles/${encodePath(TRACK)}`],
      ["GET", `${LEGACY}/helpdesk/page/list/en/articles/1`],
      ["GET", `${LEGACY}/helpdesk/history/changes/1`],
      ["DELETE", `${LEGACY}/helpdesk/history/change/${seededChangeId("canada-shipping-costs")}`],
      ["GET", `${LEGACY}/helpdesk/feedback/ratings/en/articles`],
      ["POST", `${LEGACY}/helpdesk/export/en/articles`],
    ] as const) {
      const answer = await call(sandbox, method, path, method === "GET" ? {} : { body: { action: "revert" } });
      expect(answer.status, path).toBe(404);
      expect(answer.json, path).toEqual(usesLegacy);
    }
    expect(KNOWLEDGE_BASE_MISMATCH.usesLegacy).toMatch(/^this website uses the legacy Knowledge Base/);
  });

  it("serves legacy routes on the legacy website as before", async () => {
    const articles = (await call(sandbox, "GET", `${LEGACY}/helpdesk/locale/en/articles/1`)).json.data;
    expect(articles).toHaveLength(8);
    const article = (await call(sandbox, "GET", `${LEGACY}/helpdesk/locale/en/article/${seededArticleId("en", "track-your-order")}`)).json.data;
    expect(article).toMatchObject({ title: "How to track your order", url: "https://help.outlet.acme-shop.example/en/article/track-your-order/" });
    expect((await call(sandbox, "HEAD", `${LEGACY}/helpdesk/locale/fr/article/${seededArticleId("fr", "suivre-votre-commande")}`)).status).toBe(200);
    expect((await call(sandbox, "GET", `${LEGACY}/helpdesk/locale/en/categories/1`)).status).toBe(200);
    expect((await call(sandbox, "GET", `${LEGACY}/helpdesk/locale/en/feedback/ratings`)).status).toBe(200);
    expect((await call(sandbox, "GET", `${LEGACY}/helpdesk/settings`)).status).toBe(200);
    // The helpdesk-level routes answer on both websites.
    expect((await call(sandbox, "HEAD", `${MAIN}/helpdesk`)).status).toBe(200);
    expect((await call(sandbox, "HEAD", `${LEGACY}/helpdesk`)).status).toBe(200);
    expect((await call(sandbox, "HEAD", `${LEGACY}/helpdesk/locale/de`)).status).toBe(404);
  });

  it("records the refused requests like any other", async () => {
    sandbox.clearRequests();
    await call(sandbox, "GET", `${LEGACY}/helpdesk/tree/path/en/articles/orders-shipping/track-your-order`);
    expect(sandbox.requests).toEqual([
      {
        method: "GET",
        path: `${LEGACY}/helpdesk/tree/path/en/articles/orders-shipping/track-your-order`,
        query: {},
        body: undefined,
        tier: "user",
        operation: "resolve_helpdesk_tree_path",
        status: 404,
      },
    ]);
  });
});
