import { stableUuid } from "./ids.js";
import type { HistoryChange, Revert, TreeKey } from "./knowledge-base-history.js";
import type { FeedbackRecord } from "./knowledge-base-store.js";
import type { ContentType, TreeNode } from "./knowledge-base-tree.js";
import { HELPDESK_BASE_URL, SEEDED_OPERATORS, seededSessionId } from "./seed.js";
import type { OperatorKey } from "./seed-conversations.js";
import { ARTICLE_SEEDS } from "./seed-helpdesk.js";
import { slugify } from "./slug.js";
import type { HelpdeskLocale } from "./types.js";

// The new Knowledge Base of the main website. Articles come from the same
// ARTICLE_SEEDS as the legacy website, one group per category ("Orders &
// shipping" → orders-shipping/track-your-order), plus an unpublished draft
// article and two guides. Ids are derived from locale, content type and tree
// path, so tests can name them.

const DAY = 24 * 60 * 60_000;

interface EntrySeed {
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly content: string;
  readonly author: OperatorKey;
  readonly createdDaysAgo: number;
  readonly updatedDaysAgo: number;
  readonly published?: boolean;
  readonly featured?: boolean;
}

interface GroupSeed {
  readonly group: true;
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly color?: string;
  readonly children: EntrySeed[];
}

interface TreeSeed {
  readonly key: TreeKey;
  readonly roots: (GroupSeed | EntrySeed)[];
}

const GROUP_LOOKS: Readonly<Record<string, { description: string; color: string }>> = {
  "Orders & shipping": { description: "Tracking, delivery times and team orders.", color: "#2563eb" },
  "Returns & refunds": { description: "Sending items back and getting your money back.", color: "#16a34a" },
  Account: { description: "Signing in and managing your account.", color: "#9333ea" },
  Payments: { description: "Discount codes, gift cards and payment methods.", color: "#ea580c" },
  Products: { description: "Sizing, fit and caring for your shoes.", color: "#0891b2" },
  "Commandes et livraison": { description: "Suivi et délais de livraison.", color: "#2563eb" },
  "Retours et remboursements": { description: "Retourner un article et être remboursé.", color: "#16a34a" },
};

const DRAFT_ARTICLE: EntrySeed = {
  slug: "waterproofing-trail-shoes",
  title: "Waterproofing your trail shoes",
  description: "How to treat uppers before the rainy season.",
  author: "aiko",
  createdDaysAgo: 1,
  updatedDaysAgo: 1,
  published: false,
  content:
    "## Before the rainy season\n\nClean the shoes with lukewarm water and a soft brush, and let them dry away from heaters. Spray a waterproofing treatment on the upper from 20 cm, in two light coats, and let it cure overnight.\n\nDo not use wax on mesh uppers: it blocks breathability.",
};

const SIZING_GUIDE: EntrySeed = {
  slug: "running-shoe-sizing",
  title: "Running shoe sizing guide",
  description: "Measure your feet, read the size chart and pick the right size for each model.",
  author: "aiko",
  createdDaysAgo: 30,
  updatedDaysAgo: 12,
  featured: true,
  content:
    "## Measure your feet\n\nMeasure both feet in the evening, when they are at their largest: stand on a sheet of paper, mark the heel and the longest toe, and measure the distance. Use the longer foot.\n\n## Read the size chart\n\n| Foot length | US men | US women | EU |\n|---|---|---|---|\n| 25.0 cm | 7 | 8.5 | 40 |\n| 26.0 cm | 8 | 9.5 | 41 |\n| 27.0 cm | 9 | 10.5 | 42.5 |\n| 28.0 cm | 10 | 11.5 | 44 |\n\nAdd 5 mm for a thumb's width of room at the toe. Between two sizes, take the larger one for trail and long-distance models.\n\n## Model notes\n\n- **Ridge Runner 2** (trail): true to size, roomy toe box.\n- **Tempo Flat** (racing): runs half a size small; size up.\n- **Cloudline** (road): true to size; also made in a wide fit.\n\nExchanges for another size are free within 30 days if the shoes were only worn indoors.",
};

const TEAM_ORDER_GUIDE: EntrySeed = {
  slug: "placing-a-team-order",
  title: "Placing a team order, step by step",
  description: "From collecting sizes to delivery, for clubs, schools and companies.",
  author: "tom",
  createdDaysAgo: 20,
  updatedDaysAgo: 6,
  content:
    "## 1. Collect sizes\n\nDownload the team size sheet from **acme-shop.example/teams**, share it with your members and ask each one to measure their feet with our sizing guide.\n\n## 2. Ask for a quote\n\nSend the completed sheet to our sales team through the chat. We answer within one business day: **15% off** from 25 pairs, **20% off** from 100 pairs.\n\n## 3. Confirm and pay\n\nReply to the quote to confirm. Organisations can pay by card, or by bank transfer against an invoice with their VAT number; schools and clubs can pay within 30 days.\n\n## 4. Delivery\n\nWe ship to one address, or to each member at no extra cost from 50 pairs. Custom logo insoles add 10 business days.",
};

function treeSeeds(): TreeSeed[] {
  const articles = (["en", "fr"] as const).map((locale): TreeSeed => {
    const groups = new Map<string, GroupSeed>();
    ARTICLE_SEEDS.forEach((seed, index) => {
      if (seed.locale !== locale) return;
      let group = groups.get(seed.category);
      if (!group) {
        const looks = GROUP_LOOKS[seed.category];
        group = { group: true, slug: slugify(seed.category), title: seed.category, description: looks?.description ?? "", ...(looks ? { color: looks.color } : {}), children: [] };
        groups.set(seed.category, group);
      }
      const createdDaysAgo = 300 - index * 20;
      group.children.push({
        slug: seed.slug,
        title: seed.title,
        description: seed.description,
        content: seed.content,
        author: "maya",
        createdDaysAgo,
        updatedDaysAgo: createdDaysAgo - 7,
        ...(seed.featured ? { featured: true } : {}),
      });
    });
    if (locale === "en") groups.get("Products")?.children.push(DRAFT_ARTICLE);
    return { key: { locale, contentType: "articles" }, roots: [...groups.values()] };
  });
  const guides: TreeSeed = {
    key: { locale: "en", contentType: "guides" },
    roots: [
      SIZING_GUIDE,
      { group: true, slug: "team-orders", title: "Team orders", description: "Ordering for a club, a school or a company.", color: "#ca8a04", children: [TEAM_ORDER_GUIDE] },
    ],
  };
  return [...articles, guides];
}

/** Fixed entity id of a seeded tree node (group or entry). */
export function seededEntityId(locale: string, contentType: ContentType, treePath: string): string {
  return stableUuid(`kb-entity:${locale}:${contentType}:${treePath}`);
}

/** Tree path of a seeded node by its slug, e.g. ("en", "track-your-order") → "orders-shipping/track-your-order". */
export function seededTreePath(locale: string, slug: string, contentType: ContentType = "articles"): string {
  for (const seed of treeSeeds()) {
    if (seed.key.locale !== locale || seed.key.contentType !== contentType) continue;
    for (const root of seed.roots) {
      if (root.slug === slug) return root.slug;
      if ("group" in root) {
        const child = root.children.find((entry) => entry.slug === slug);
        if (child) return `${root.slug}/${child.slug}`;
      }
    }
  }
  throw new Error(`seed: no ${locale}/${contentType} entry with slug ${slug}`);
}

/** Fixed change id of the seeded history change ("canada-shipping-costs"). */
export function seededChangeId(key: string): string {
  return stableUuid(`kb-change:${key}`);
}

export interface KnowledgeBaseSeed {
  readonly locales: HelpdeskLocale[];
  readonly nodes: { key: TreeKey; parent: string[]; node: TreeNode }[];
  readonly changes: { change: HistoryChange; revert: Revert }[];
  readonly feedbacks: FeedbackRecord[];
}

export function seedKnowledgeBase(startedAt: number): KnowledgeBaseSeed {
  const locales = ["en", "fr"].map((locale) => ({
    locale_id: stableUuid(`kb-locale:${locale}`),
    locale,
    url: `${HELPDESK_BASE_URL}/${locale}/`,
    created_at: startedAt - 400 * DAY,
    updated_at: startedAt - 2 * DAY,
  }));
  const nodes: KnowledgeBaseSeed["nodes"] = [];
  for (const { key, roots } of treeSeeds()) {
    for (const root of roots) {
      if ("group" in root) {
        const oldest = Math.max(...root.children.map((entry) => entry.createdDaysAgo));
        const newest = Math.min(...root.children.map((entry) => entry.updatedDaysAgo));
        nodes.push({ key, parent: [], node: groupNode(key, root, startedAt - oldest * DAY, startedAt - newest * DAY) });
        for (const entry of root.children) nodes.push({ key, parent: [root.slug], node: entryNode(key, `${root.slug}/${entry.slug}`, entry, startedAt) });
      } else {
        nodes.push({ key, parent: [], node: entryNode(key, root.slug, root, startedAt) });
      }
    }
  }
  const changes = [canadaShippingChange(startedAt, nodes)];
  return { locales, nodes, changes, feedbacks: seedFeedbacks(startedAt) };
}

function groupNode(key: TreeKey, group: GroupSeed, createdAt: number, updatedAt: number): TreeNode {
  return {
    entityId: seededEntityId(key.locale, key.contentType, group.slug),
    type: "group",
    slug: group.slug,
    content: "",
    metadata: {
      format: "markdown",
      title: group.title,
      description: group.description,
      state: { published: true, hidden: false, featured: false },
      author: { user_id: SEEDED_OPERATORS.maya.user_id },
      ...(group.color ? { color: group.color } : {}),
    },
    children: [],
    createdAt,
    updatedAt,
  };
}

function entryNode(key: TreeKey, treePath: string, entry: EntrySeed, startedAt: number): TreeNode {
  return {
    entityId: seededEntityId(key.locale, key.contentType, treePath),
    type: "entry",
    slug: entry.slug,
    content: entry.content,
    metadata: {
      format: "markdown",
      title: entry.title,
      description: entry.description,
      state: { published: entry.published ?? true, hidden: false, featured: entry.featured ?? false },
      author: { user_id: SEEDED_OPERATORS[entry.author].user_id },
    },
    children: [],
    createdAt: startedAt - entry.createdDaysAgo * DAY,
    updatedAt: startedAt - entry.updatedDaysAgo * DAY,
  };
}

/** Two days ago Tom lowered standard shipping to Canada from $15 to $12; cancelling it puts $15 back. */
function canadaShippingChange(startedAt: number, nodes: KnowledgeBaseSeed["nodes"]): { change: HistoryChange; revert: Revert } {
  const key: TreeKey = { locale: "en", contentType: "articles" };
  const path = seededTreePath("en", "shipping-times-and-costs");
  const entityId = seededEntityId("en", "articles", path);
  const node = nodes.find((candidate) => candidate.node.entityId === entityId)!.node;
  const createdAt = startedAt - 2 * DAY;
  node.updatedAt = createdAt;
  const tom = SEEDED_OPERATORS.tom;
  return {
    change: {
      change_id: seededChangeId("canada-shipping-costs"),
      message: "Lower standard shipping to Canada to $12",
      author: { email: tom.email, name: `${tom.first_name} ${tom.last_name}` },
      edits: { insertions: 1, deletions: 1 },
      created_at: createdAt,
      files: [{ change: "modified", path, locale: "en", type: "articles", content: node.content }],
    },
    revert: { kind: "content", key, entityId, content: node.content.replace("5-8 business days, $12", "5-8 business days, $15") },
  };
}

function seedFeedbacks(startedAt: number): FeedbackRecord[] {
  const articles: TreeKey = { locale: "en", contentType: "articles" };
  const guides: TreeKey = { locale: "en", contentType: "guides" };
  const feedback = (
    key: TreeKey,
    slug: string,
    rating: FeedbackRecord["rating"],
    comment: string | undefined,
    session: FeedbackRecord["session"],
    daysAgo: number,
  ): FeedbackRecord => ({
    key,
    entityId: seededEntityId(key.locale, key.contentType, seededTreePath(key.locale, slug, key.contentType)),
    rating,
    ...(comment !== undefined ? { comment } : {}),
    session,
    created_at: startedAt - daysAgo * DAY,
  });
  return [
    feedback(articles, "track-your-order", "helpful", "The list of statuses explained why my tracking was stuck. Thanks!", {
      session_id: seededSessionId("shipping-delay"),
      nickname: "Emma Wilson",
      email: "emma.wilson@example.com",
      geolocation: { country: "US", city: "Portland" },
    }, 5),
    feedback(articles, "returns-and-refunds", "unhelpful", "It does not say how to return a gift without the order number.", {
      session_id: seededSessionId("refund-request"),
      nickname: "Lucas Martin",
      email: "lucas.martin@example.fr",
      geolocation: { country: "FR", city: "Paris" },
    }, 9),
    feedback(articles, "team-and-bulk-orders", "helpful", undefined, { session_id: seededSessionId("team-order"), nickname: "Sofia Rossi" }, 3),
    feedback(guides, "running-shoe-sizing", "helpful", "The chart matched my Tempo Flat size exactly.", { session_id: seededSessionId("watch-sync"), nickname: "Noah Schmidt" }, 1),
  ];
}
