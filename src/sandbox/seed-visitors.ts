// The people who write to Acme Shop in the seeded workspace. Eight of them have
// a people profile (matched to their conversations by email); the others are
// anonymous chat visitors.

export interface VisitorSeed {
  readonly key: string;
  readonly nickname: string;
  readonly email?: string;
  readonly phone?: string;
  readonly ip: string;
  readonly place: { readonly country: string; readonly region: string; readonly city: string };
  readonly os: readonly [name: string, version: string];
  readonly browser: readonly [name: string, version: string];
  /** Crisp's convention: minutes to add to local time to get UTC. */
  readonly timezone: number;
  readonly locales: readonly string[];
  readonly profile?: ProfileSeed;
}

export interface ProfileSeed {
  readonly gender?: "male" | "female";
  readonly address?: string;
  readonly description?: string;
  readonly employment?: { readonly name: string; readonly title: string };
  readonly company?: { readonly name: string; readonly url?: string };
  readonly segments: readonly string[];
  readonly notepad: string;
  readonly data: Readonly<Record<string, string | number | boolean>>;
  /** Days before the sandbox start when the profile was created. */
  readonly createdDaysAgo: number;
}

export const VISITORS: readonly VisitorSeed[] = [
  {
    key: "emma",
    nickname: "Emma Wilson",
    email: "emma.wilson@example.com",
    phone: "+1 503 555 0142",
    ip: "203.0.113.24",
    place: { country: "US", region: "OR", city: "Portland" },
    os: ["Mac OS", "14.4"],
    browser: ["Chrome", "124.0"],
    timezone: 420,
    locales: ["en-us", "en"],
    profile: {
      gender: "female",
      address: "2210 NW Flanders St, Portland, OR 97205",
      segments: ["customer", "runner"],
      notepad: "Trail runner, orders before races. Prefers email updates.",
      data: { orders_count: 6, lifetime_value: 742.5, plan: "Acme Plus" },
      createdDaysAgo: 410,
    },
  },
  {
    key: "lucas",
    nickname: "Lucas Martin",
    email: "lucas.martin@example.fr",
    ip: "198.51.100.77",
    place: { country: "FR", region: "Île-de-France", city: "Paris" },
    os: ["Windows", "11"],
    browser: ["Firefox", "125.0"],
    timezone: -120,
    locales: ["fr-fr", "fr", "en"],
    profile: {
      gender: "male",
      segments: ["customer", "returns"],
      notepad: "Returned a wool coat (order #10388); refund escalated to payments.",
      data: { orders_count: 2, lifetime_value: 389, preferred_refund: "card" },
      createdDaysAgo: 95,
    },
  },
  {
    key: "priya",
    nickname: "Priya Sharma",
    email: "priya.sharma@example.in",
    phone: "+91 98765 43210",
    ip: "192.0.2.145",
    place: { country: "IN", region: "Karnataka", city: "Bengaluru" },
    os: ["Android", "14"],
    browser: ["Chrome Mobile", "124.0"],
    timezone: -330,
    locales: ["en-in", "hi", "en"],
    profile: {
      gender: "female",
      employment: { name: "Nimbus Labs", title: "Product Designer" },
      segments: ["customer"],
      notepad: "",
      data: { orders_count: 3, lifetime_value: 260, two_factor: false },
      createdDaysAgo: 220,
    },
  },
  {
    key: "daniel",
    nickname: "Daniel Kim",
    email: "daniel.kim@example.com",
    ip: "203.0.113.201",
    place: { country: "US", region: "WA", city: "Seattle" },
    os: ["Mac OS", "14.4"],
    browser: ["Safari", "17.4"],
    timezone: 420,
    locales: ["en-us", "ko"],
    profile: {
      gender: "male",
      employment: { name: "Harbor Analytics", title: "Software Engineer" },
      company: { name: "Harbor Analytics", url: "https://harbor-analytics.example" },
      segments: ["customer", "bug-reporter"],
      notepad: "Reported the Apple Pay checkout crash (WEB-2291).",
      data: { orders_count: 1, lifetime_value: 129 },
      createdDaysAgo: 40,
    },
  },
  {
    key: "sofia",
    nickname: "Sofia Rossi",
    email: "sofia.rossi@example.it",
    phone: "+39 02 5550 1234",
    ip: "198.51.100.12",
    place: { country: "IT", region: "Lombardy", city: "Milan" },
    os: ["Windows", "10"],
    browser: ["Edge", "124.0"],
    timezone: -120,
    locales: ["it-it", "it", "en"],
    profile: {
      gender: "female",
      employment: { name: "Milano Trail Club", title: "Treasurer" },
      company: { name: "Milano Trail Club" },
      segments: ["lead", "b2b"],
      notepad: "Team order lead: about 40 pairs of Ridge Runner 2.",
      data: { team_size: 40, vat_number: "IT01234567890" },
      createdDaysAgo: 2,
    },
  },
  {
    key: "noah",
    nickname: "Noah Schmidt",
    email: "noah.schmidt@example.de",
    ip: "192.0.2.33",
    place: { country: "DE", region: "Bavaria", city: "Munich" },
    os: ["iOS", "17.4"],
    browser: ["Safari Mobile", "17.4"],
    timezone: -120,
    locales: ["de-de", "de", "en"],
    profile: {
      gender: "male",
      segments: ["customer", "wearables"],
      notepad: "TrailPulse 3 watch would not sync; fixed by firmware 3.2.1 + re-pairing.",
      data: { orders_count: 4, lifetime_value: 612, device: "TrailPulse 3" },
      createdDaysAgo: 530,
    },
  },
  {
    key: "olivia",
    nickname: "Olivia Brown",
    email: "olivia.brown@example.co.uk",
    ip: "203.0.113.88",
    place: { country: "GB", region: "England", city: "Manchester" },
    os: ["iOS", "17.3"],
    browser: ["Safari Mobile", "17.3"],
    timezone: -60,
    locales: ["en-gb", "en"],
    profile: {
      gender: "female",
      address: "14 Albert Street, Manchester M1 2AB",
      segments: ["customer"],
      notepad: "",
      data: { orders_count: 2, lifetime_value: 158 },
      createdDaysAgo: 180,
    },
  },
  {
    key: "mateo",
    nickname: "Mateo García",
    email: "mateo.garcia@example.es",
    ip: "198.51.100.190",
    place: { country: "ES", region: "Madrid", city: "Madrid" },
    os: ["Android", "13"],
    browser: ["Samsung Internet", "24.0"],
    timezone: -120,
    locales: ["es-es", "es"],
    profile: {
      gender: "male",
      segments: ["customer", "newsletter"],
      notepad: "",
      data: { orders_count: 5, lifetime_value: 455, newsletter: true },
      createdDaysAgo: 300,
    },
  },
  {
    key: "hidden-text",
    nickname: "visitor5e21",
    ip: "192.0.2.218",
    place: { country: "US", region: "TX", city: "Austin" },
    os: ["Windows", "11"],
    browser: ["Chrome", "123.0"],
    timezone: 300,
    locales: ["en-us"],
  },
  {
    key: "injection",
    nickname: "Alex",
    email: "alex.turner@example.net",
    ip: "198.51.100.66",
    place: { country: "NL", region: "North Holland", city: "Amsterdam" },
    os: ["Linux", "6.8"],
    browser: ["Firefox", "125.0"],
    timezone: -120,
    locales: ["en"],
  },
  {
    key: "jordan",
    nickname: "Jordan Lee",
    email: "jordan.lee@example.org",
    ip: "203.0.113.140",
    place: { country: "CA", region: "ON", city: "Toronto" },
    os: ["Mac OS", "13.6"],
    browser: ["Safari", "17.2"],
    timezone: 240,
    locales: ["en-ca", "fr-ca"],
  },
  {
    key: "canada",
    nickname: "visitor91c4",
    ip: "192.0.2.77",
    place: { country: "CA", region: "BC", city: "Vancouver" },
    os: ["iOS", "17.4"],
    browser: ["Safari Mobile", "17.4"],
    timezone: 420,
    locales: ["en-ca"],
  },
];
