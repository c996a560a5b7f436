// Knowledge-base articles of the seeded workspace: eight in English, two in French.

export interface ArticleSeed {
  readonly slug: string;
  readonly locale: "en" | "fr";
  readonly title: string;
  readonly description: string;
  readonly category: string;
  readonly featured?: boolean;
  readonly content: string;
}

export const ARTICLE_SEEDS: readonly ArticleSeed[] = [
  {
    slug: "track-your-order",
    locale: "en",
    title: "How to track your order",
    description: "Find where your parcel is and what each tracking status means.",
    category: "Orders & shipping",
    featured: true,
    content:
      "## Tracking your parcel\n\nEvery order gets a tracking link by email as soon as it leaves our warehouse. You can also find it under **Account > Orders**.\n\n- **Label created**: the carrier has not scanned the parcel yet; this can last 48 hours.\n- **In transit**: the parcel is moving between hubs.\n- **Delivered**: check with neighbours and your building's mailroom first.\n\nIf tracking has not changed for 5 business days, contact us and we will open an investigation with the carrier.",
  },
  {
    slug: "shipping-times-and-costs",
    locale: "en",
    title: "Shipping times and costs",
    description: "Standard and express delivery options by region.",
    category: "Orders & shipping",
    content:
      "## Delivery options\n\n| Region | Standard | Express |\n|---|---|---|\n| United States | 3-6 business days, free over $75 | 1-2 business days, $18 |\n| Canada | 5-8 business days, $12 | 2-3 business days, $29 |\n| Europe | 4-7 business days, €9 | 2-3 business days, €24 |\n\nDuties and taxes are included at checkout for the US, Canada, the EU and the UK. An order can be upgraded to express until it ships.",
  },
  {
    slug: "returns-and-refunds",
    locale: "en",
    title: "Returns and refunds policy",
    description: "30-day returns, how refunds are issued and how long they take.",
    category: "Returns & refunds",
    featured: true,
    content:
      "## Returns\n\nYou can return unworn items within **30 days** of delivery. Start a return under **Account > Orders > Return items** and print the prepaid label.\n\n## Refunds\n\nRefunds go back to the original payment method within **7 business days** after the return reaches our warehouse. Store credit is only used when you ask for it.",
  },
  {
    slug: "reset-your-password",
    locale: "en",
    title: "Resetting your password",
    description: "What to do when you cannot sign in.",
    category: "Account",
    content:
      "## Reset your password\n\n1. Click **Forgot password** on the sign-in page.\n2. Use the link in the **most recent** email: each new email cancels the previous links.\n3. Choose a password of at least 10 characters.\n\nAfter 5 failed attempts the account is locked for 30 minutes. Support can unlock it sooner after checking your identity.",
  },
  {
    slug: "discount-codes",
    locale: "en",
    title: "Using discount codes",
    description: "Where to enter a code and why it might be refused.",
    category: "Payments",
    content:
      "## Discount codes\n\nEnter the code in the **Discount** field at checkout. Only one code applies per order.\n\nA code can be refused when it has expired, when the cart does not reach the minimum amount, or when it excludes sale items. Contact us if a code from our newsletter does not work.",
  },
  {
    slug: "gift-cards",
    locale: "en",
    title: "Gift cards",
    description: "Buying gift cards and checking their balance.",
    category: "Payments",
    content:
      "## Gift cards\n\nGift cards are sent by email and never expire. Check the balance at **acme-shop.example/gift-card** or by entering the card number at checkout. A gift card can be combined with a discount code.",
  },
  {
    slug: "shoe-size-guide",
    locale: "en",
    title: "Choosing the right shoe size",
    description: "Measure your foot and compare with our size chart.",
    category: "Products",
    content:
      "## Find your size\n\nMeasure your foot in the evening, heel to longest toe, and add 5 mm. Trail models such as the **Ridge Runner 2** fit true to size; racing flats run half a size small.\n\nExchanges for another size are free within 30 days.",
  },
  {
    slug: "team-and-bulk-orders",
    locale: "en",
    title: "Team and bulk orders",
    description: "Discounts and invoicing for clubs and companies.",
    category: "Orders & shipping",
    content:
      "## Team orders\n\nClubs, schools and companies get **15% off** orders of 25 pairs or more, and 20% from 100 pairs. We can add custom insoles with your logo.\n\nWe invoice organisations with their VAT number and ship to one address or to each member. Write to our sales team through the chat to get a quote.",
  },
  {
    slug: "suivre-votre-commande",
    locale: "fr",
    title: "Suivre votre commande",
    description: "Où trouver le lien de suivi et que signifie chaque statut.",
    category: "Commandes et livraison",
    content:
      "## Suivi du colis\n\nChaque commande reçoit un lien de suivi par e-mail dès qu'elle quitte notre entrepôt. Vous le trouvez aussi dans **Compte > Commandes**.\n\nSi le suivi n'a pas changé depuis 5 jours ouvrés, contactez-nous.",
  },
  {
    slug: "retours-et-remboursements",
    locale: "fr",
    title: "Retours et remboursements",
    description: "Retours sous 30 jours et délais de remboursement.",
    category: "Retours et remboursements",
    content:
      "## Retours\n\nVous pouvez retourner les articles non portés sous **30 jours**. Le remboursement est effectué sur le moyen de paiement d'origine sous **7 jours ouvrés** après réception du retour.",
  },
];
