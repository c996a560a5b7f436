import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";

// Node names this listAllActiveSubscriptions, like the plugin method; the catalog renames it.
export const listAllActivePlanSubscriptions = operation({
  name: "list_all_active_plan_subscriptions",
  title: "List all active plan subscriptions",
  description: "Lists active Crisp plan subscriptions on all websites the user can manage.",
  toolset: "billing",
  method: "GET",
  path: "/plans/subscription",
  params: {
  },
  tiers: ["user"],
});

export const getPlanSubscriptionForWebsite = operation({
  name: "get_plan_subscription_for_website",
  title: "Get plan subscription for a website",
  description: "Returns the website's current Crisp plan subscription.",
  toolset: "billing",
  method: "GET",
  path: "/plans/subscription/{website_id}",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user", "plugin"],
});

export const subscribeWebsiteToPlan = operation({
  name: "subscribe_website_to_plan",
  title: "Subscribe website to plan",
  description: "Subscribes the website to a Crisp plan; this may charge the payment method.",
  toolset: "billing",
  method: "POST",
  path: "/plans/subscription/{website_id}",
  params: {
    website_id: c.websiteId,
    plan_id: z.string().min(1).max(100).describe("Crisp plan ID"),
  },
  tiers: ["user"],
});

export const unsubscribePlanFromWebsite = operation({
  name: "unsubscribe_plan_from_website",
  title: "Unsubscribe plan from website",
  description: "Cancels the website's Crisp plan subscription.",
  toolset: "billing",
  method: "DELETE",
  path: "/plans/subscription/{website_id}",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user"],
});

export const changeBillPeriodForWebsitePlanSubscription = operation({
  name: "change_bill_period_for_website_plan_subscription",
  title: "Change bill period for website plan subscription",
  description: "Switches the website's plan billing between monthly and yearly.",
  toolset: "billing",
  method: "PATCH",
  path: "/plans/subscription/{website_id}/bill/period",
  params: {
    website_id: c.websiteId,
    period: z.enum(["monthly", "yearly"]).describe("Billing period"),
  },
  tiers: ["user"],
});

export const checkCouponAvailabilityForWebsitePlanSubscription = operation({
  name: "check_coupon_availability_for_website_plan_subscription",
  title: "Check coupon availability for website plan subscription",
  description: "Checks a coupon code for the website's plan before redeeming; returns its rebate or trial policy.",
  toolset: "billing",
  method: "GET",
  path: "/plans/subscription/{website_id}/coupon",
  params: {
    website_id: c.websiteId,
    code: z.string().min(1).max(100).describe("Coupon code"),
  },
  tiers: ["user"],
  query: ["code"],
});

export const redeemCouponForWebsitePlanSubscription = operation({
  name: "redeem_coupon_for_website_plan_subscription",
  title: "Redeem coupon for website plan subscription",
  description: "Redeems a coupon code on the website's plan subscription.",
  toolset: "billing",
  method: "PATCH",
  path: "/plans/subscription/{website_id}/coupon",
  params: {
    website_id: c.websiteId,
    code: z.string().min(1).max(100).describe("Coupon code"),
  },
  tiers: ["user"],
});

export const billingOperations = [listAllActivePlanSubscriptions, getPlanSubscriptionForWebsite, subscribeWebsiteToPlan, unsubscribePlanFromWebsite, changeBillPeriodForWebsitePlanSubscription, checkCouponAvailabilityForWebsitePlanSubscription, redeemCouponForWebsitePlanSubscription];
