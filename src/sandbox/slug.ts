/** A URL slug: lower-case ASCII letters and digits joined by "-" ("Orders & shipping" → "orders-shipping"). */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

/** A readable title from a slug ("track-your-order" → "Track your order"). */
export function titleFromSlug(slug: string): string {
  const words = slug.replace(/[-_]+/g, " ").trim();
  return words === "" ? slug : words.charAt(0).toUpperCase() + words.slice(1);
}
