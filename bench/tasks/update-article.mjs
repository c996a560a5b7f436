// "Parcels now stay on 'Label created' for up to 72 hours, not 48: fix the
// help-center article that explains the tracking statuses." A real agent
// finds the article, reads it, and saves it back with that one fact changed.
import { bestMatch, treeEntries } from "./read.mjs";

const QUESTION = "tracking status";
const KEY = { locale: "en", contentType: "articles" };

/** The agent's edit: the one sentence that changed. */
export function edited(content) {
  const next = content.replace("this can last 48 hours", "this can last up to 72 hours");
  if (next === content) throw new Error("the article does not say how long 'Label created' lasts");
  return next;
}

export default {
  key: "update-article",
  title: "Find and update a help-center article",
  rawToolsets: ["helpdesk"],

  prepare(sandbox) {
    const parts = ["orders-shipping", "track-your-order"];
    return { parts, before: sandbox.state.knowledgeBase.content(KEY, parts) };
  },

  async playDefault(agent) {
    const found = await agent.call("search_helpdesk_articles", { query: QUESTION });
    // Result lines: "<content_type> <tree_path> | <title> | <url> | <description>".
    const rows = found.split("\n").slice(1).map((line) => {
      const [head, title, , description] = line.split(" | ");
      const [contentType, treePath] = head.split(" ");
      return { contentType, treePath, title, description };
    });
    const article = bestMatch(QUESTION, rows, (r) => `${r.title} ${r.description}`);
    const read = await agent.call("read_helpdesk_article", { tree_path: article.treePath, content_type: article.contentType });
    const content = read.split("\n").slice(1).join("\n"); // first line: title | url | knowledge base
    await agent.call("search_crisp_methods", { query: "save helpdesk article content" });
    await agent.call("describe_crisp_method", { method: "save_helpdesk_tree_content" });
    await agent.method("save_helpdesk_tree_content", {
      locale: "en",
      content_type: article.contentType,
      tree_path: article.treePath,
      content: edited(content),
    });
    return { treePath: article.treePath };
  },

  async playRaw(agent) {
    // No search among raw methods: list the articles' tree and pick by title.
    const tree = await agent.json("list_helpdesk_tree", { locale: "en", content_type: "articles" });
    const article = bestMatch(QUESTION, treeEntries(tree).filter((e) => e.state?.published), (e) => e.title);
    const { content } = await agent.json("resolve_helpdesk_tree_content", { locale: "en", content_type: "articles", tree_path: article.tree_path });
    await agent.json("save_helpdesk_tree_content", {
      locale: "en",
      content_type: "articles",
      tree_path: article.tree_path,
      content: edited(content),
    });
    return { treePath: article.tree_path };
  },

  verify(sandbox, prepared, outcome) {
    if (outcome.treePath !== prepared.parts.join("/")) throw new Error(`edited ${outcome.treePath}, not the tracking article`);
    const after = sandbox.state.knowledgeBase.content(KEY, prepared.parts);
    if (after !== edited(prepared.before)) throw new Error("the article's text is not the old text with that one fact changed");
    return [`${outcome.treePath} says "up to 72 hours", the rest of its text unchanged`];
  },
};
