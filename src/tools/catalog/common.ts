import { z } from "zod";
import { isUuid } from "../../uuid.js";

// Shared field schemas for the catalog. The JSON Schema an LLM sees keeps
// patterns short (every token of tools/list is paid in every conversation);
// the refinements behind them check the exact format before any request.

const EMAIL = /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/;

export { isUuid };

/** A UUID id, such as website_id or article_id. */
export function uuid(description: string) {
  return z
    .string()
    .refine(isUuid, { message: "must be a UUID such as 8c842203-7ed8-4e29-a608-7cf78a7d2fcc" })
    .describe(description);
}

/** A free-form path segment (tokens, rule names): non-empty and never "." or "..". */
export function segment(description: string) {
  return z
    .string()
    .min(1)
    .max(256)
    .refine((s) => s !== "." && s !== "..", { message: "must not be '.' or '..'" })
    .describe(description);
}

export const websiteId = uuid("Website ID (UUID)");
export const sessionId = z
  .string()
  .refine((s) => s.startsWith("session_") && isUuid(s.slice("session_".length)), {
    message: "must be session_ followed by a UUID",
  })
  .describe("Session ID (session_<uuid>)");
export const peopleId = z
  .string()
  .max(320)
  // An email copied from an agent tool's output keeps its « » marks: say what to do rather than answer 404.
  .refine((s) => !/[«»]/.test(s), { message: "holds the « » marks that only show a visitor wrote it: pass the value without them", abort: true })
  .refine((s) => isUuid(s) || EMAIL.test(s), { message: "must be a people UUID or an email address" })
  .describe("People ID (UUID) or email");
export const userId = uuid("Operator user ID");
export const inboxId = uuid("Inbox ID");
export const pluginId = uuid("Plugin ID");
export const campaignId = uuid("Campaign ID");
export const templateId = uuid("Campaign template ID");
export const articleId = uuid("Article ID");
export const categoryId = uuid("Category ID");
export const sectionId = uuid("Section ID");
export const fingerprint = z.number().int().nonnegative().describe("Message fingerprint");
export const locale = z
  .string()
  .regex(/^[a-z]{2,3}(-[a-z0-9]{2,4})?$/i, { message: "must be a locale code such as en or pt-br" })
  .describe("Locale code, e.g. en");
export const page = z.number().int().min(1).max(10000).default(1).describe("Page, from 1");

/** 0/1 flags in Crisp's query strings; the executor sends true as 1. */
export const flag = (description: string) => z.boolean().optional().describe(description);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
export const isIsoDate = (value: string): boolean => ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));
/** An ISO-8601 date or date-time, checked before sending. */
export const isoDate = (description: string) =>
  z.string().refine(isIsoDate, { message: "must be an ISO-8601 date such as 2026-01-31 or 2026-01-31T12:00:00Z" }).describe(description);

/** An optional ISO-8601 date; zod drops the description on .optional(), so the wrapper is described too. */
export const optionalIsoDate = (description: string) => isoDate(description).optional().describe(description);

/** Who performs an action: an operator, or the visitor ("user" in Crisp's words). */
export const from = z.enum(["user", "operator"]).describe("Sender side: user (visitor) or operator");
export const origin = z.string().min(1).max(100).describe("Origin: chat, email, or urn:...");

/** Optional acting-user block many conversation writes accept. */
export const actingUser = z
  .strictObject({
    type: z.enum(["participant", "website"]).optional(),
    user_id: z.string().optional(),
    nickname: z.string().optional(),
    avatar: z.string().optional(),
  })
  .optional()
  .describe("Acting user shown in the conversation");

export const sessionList = z.array(sessionId).min(1).max(1000).describe("Session IDs");

/** An open JSON object for bodies the docs leave free-form. */
export const openObject = (description: string) => z.record(z.string(), z.unknown()).describe(description);

/**
 * An email checked by a refinement: z.email() would put its long pattern into
 * every tools/list schema that has an email field.
 */
export const email = (description = "Email address") =>
  z
    .string()
    .max(320)
    .refine((s) => EMAIL.test(s), { message: "must be an email address" })
    .describe(description);

/** Re-verification Crisp asks for before deleting a website or helpdesk, or inviting an operator. */
export const verify = z
  .strictObject({
    method: z.enum(["password", "token", "google"]).describe("Verification method"),
    secret: z.string().min(1).describe("Password, 2FA code or Google token"),
  })
  .describe("Identity check of the acting user");

/** One condition of a Crisp filter search (conversations, people, campaigns). */
export const filterCondition = z.strictObject({
  model: z.string().describe("e.g. people or session"),
  criterion: z.string().describe("Field to match"),
  operator: z.string().describe("e.g. eq, neq"),
  query: z.array(z.string()),
});

/** Custom data: key to a scalar value. */
export const customData = (description = "Custom data, key to value") =>
  z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).describe(description);
