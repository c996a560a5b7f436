import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";

// Go sends list_id as an integer and search_query as a string. Node types
// list_id as a string (its README example is a UUID) and search_query as an
// object it JSON-encodes; given a string, it sends the string as is.
export const listAnimationMedias = operation({
  name: "list_animation_medias",
  title: "List animation medias",
  description: "Searches animated images (GIFs) to send in a chat message, one page at a time.",
  toolset: "messages",
  method: "GET",
  path: "/media/animation/list/{page_number}",
  params: {
    page_number: c.page,
    list_id: z
      .union([z.number().int().nonnegative(), c.uuid("Animation list ID")])
      .optional()
      .describe("Animation list ID: a number, or a UUID"),
    search_query: z.string().min(1).max(200).optional().describe("Search terms, e.g. thank you"),
  },
  tiers: ["user"],
  query: ["list_id", "search_query"],
});

// The namespaces match the bucket:url:{namespace}:generated RTM events (upload, avatar, website, campaign, helpdesk, status, processing).
export const generateBucketUrl = operation({
  name: "generate_bucket_url",
  title: "Generate bucket URL",
  description: "Requests a signed upload URL for a file. The URL arrives asynchronously as a bucket:url:*:generated RTM event.",
  toolset: "messages",
  method: "POST",
  path: "/bucket/url/generate",
  params: {
    namespace: z.string().min(1).describe("Bucket namespace, e.g. upload or avatar"),
    id: z.string().optional().describe("Namespace-specific ID"),
    file: z
      .strictObject({
        name: z.string().min(1).describe("File name"),
        type: z.string().min(1).describe("MIME type"),
      })
      .describe("File to upload"),
    resource: z
      .strictObject({
        type: z.string().describe("Resource type"),
        id: z.string().describe("Resource ID"),
      })
      .optional()
      .describe("Resource the file belongs to"),
  },
  tiers: ["user", "plugin"],
  aliases: ["Buckets.generate"],
});

export const mediaOperations = [listAnimationMedias, generateBucketUrl];
