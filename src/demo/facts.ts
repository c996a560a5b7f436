// The demo's scripted agent: which questions a visitor's messages ask, and
// the sentence of a help-center article that answers each. The reply is built
// from those sentences only, so it says what the help center says, no more.

export interface Question {
  /** How the reply heads its answer: "Team discount". */
  readonly topic: string;
  /** How notes name it: "the team discount". */
  readonly about: string;
  /** Words in the visitor's messages that ask it. */
  readonly asked: RegExp;
  /** What to search the help center for. */
  readonly search: string;
  /** Picks the answer out of the article's text. */
  readonly answer: (article: string) => string | undefined;
}

/** Sentences of the article whose text matches `pattern`, joined. */
function sentencesMatching(pattern: RegExp): (article: string) => string | undefined {
  return (article) => {
    const found = sentencesOf(article).filter((sentence) => pattern.test(sentence));
    return found.length > 0 ? found.join(" ") : undefined;
  };
}

/** The row of a markdown table whose first cell is `row`, as "Column value; Column value". */
function tableRow(row: string): (article: string) => string | undefined {
  return (article) => {
    const rows = article
      .split("\n")
      .filter((line) => line.trim().startsWith("|") && !/^\|[\s|:-]+\|$/.test(line.trim()))
      .map((line) => line.trim().slice(1, -1).split("|").map((cell) => cell.trim()));
    const [header, ...body] = rows;
    const cells = body.find((cells) => cells[0] === row);
    if (!header || !cells) return undefined;
    return cells
      .slice(1)
      .map((cell, index) => `${(header[index + 1] ?? "").toLowerCase()} ${cell}`.trim())
      .join("; ");
  };
}

/** Prose sentences, markdown headings, tables and emphasis left out. */
function sentencesOf(article: string): string[] {
  return article
    .split(/\n{2,}/)
    .filter((block) => !block.startsWith("#") && !block.trim().startsWith("|"))
    .map((block) => block.replace(/\*\*/g, "").replace(/\s+/g, " ").trim())
    .flatMap((block) => block.split(/(?<=[.!?])\s+/))
    .filter((sentence) => sentence !== "");
}

/** What a club ordering shoes in Italy asks; the scripted agent knows Italy ships at the European rate. */
export const QUESTIONS: readonly Question[] = [
  {
    topic: "Team discount",
    about: "the team discount",
    asked: /\bdiscount\b/i,
    search: "team order",
    answer: sentencesMatching(/\bpairs\b/),
  },
  {
    topic: "VAT invoice",
    about: "a VAT invoice",
    asked: /\b(VAT|invoice)\b/i,
    search: "team order",
    answer: sentencesMatching(/\bVAT\b/),
  },
  {
    topic: "Delivery to Italy (Europe)",
    about: "delivery to Italy",
    asked: /\b(deliver|delivery|ship)\b/i,
    search: "delivery cost",
    answer: (article) => {
      const europe = tableRow("Europe")(article);
      const duties = sentencesMatching(/\bEU\b/)(article);
      return europe ? [`${europe.charAt(0).toUpperCase()}${europe.slice(1)}.`, duties].filter(Boolean).join(" ") : undefined;
    },
  },
];

/** The questions the visitor's lines ask, in the order of QUESTIONS. */
export function questionsAsked(visitorLines: readonly string[]): Question[] {
  return QUESTIONS.filter((question) => visitorLines.some((line) => question.asked.test(line)));
}
