import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";

// Crisp documents the query's shape (Go's AnalyticsGenerateQuery) but not the
// values of metric, type, aggregator or split, so they stay free strings.

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

/** Shape of a filter is undocumented (interface{} in Go): an object or a list of them. */
const filter = z.union([z.looseObject({}), z.array(z.looseObject({}))]);

export const generateAnalytics = operation({
  name: "generate_analytics",
  title: "Generate analytics",
  description: "Compute a metric over a date range, bucketed in time and optionally split by a dimension.",
  toolset: "analytics",
  method: "POST",
  path: "/website/{website_id}/analytics/generate",
  params: {
    website_id: c.websiteId,
    metric: z.string().min(1).describe("Metric name"),
    type: z.string().min(1).describe("Metric type"),
    aggregator: z.string().optional().describe("How values aggregate"),
    split_by: z.string().optional().describe("Dimension to split by"),
    filter: filter.optional().describe("Filter on the data"),
    date: z
      .strictObject({
        from: c.isoDate("Start (ISO-8601)"),
        to: c.isoDate("End (ISO-8601)"),
        split: z.string().min(1).describe("Time bucket size"),
        timezone: z.string().min(1).describe("Timezone, e.g. UTC"),
        days: z
          .partialRecord(z.enum(DAYS), z.strictObject({ hour_from: z.string(), hour_to: z.string() }))
          .optional()
          .describe("Hours to keep per weekday"),
      })
      .describe("Date range and bucketing"),
    if: z.strictObject({ metric: z.string(), split_by: z.string() }).optional().describe("Conditional metric"),
    then: z.strictObject({ type: z.string().optional(), filter: filter.optional() }).optional().describe("Applied when if matches"),
    raw_export: z.boolean().optional().describe("Export raw data"),
  },
  tiers: ["user"],
});

export const analyticsOperations = [generateAnalytics];
