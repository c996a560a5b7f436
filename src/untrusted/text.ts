// Text from outside the company (what visitors type, their names, profile
// fields) reaches the model through our tools. Characters a human cannot see
// can hide instructions in it or reorder what a reviewer reads, so they are
// removed before any of it is shown; the visible text stays as it was.

/**
 * What nobody sees, so what is removed: format characters (Unicode Cf: zero-width
 * spaces and joiners, soft hyphen, word joiner, BOM, bidirectional controls
 * ...), lone surrogates, the whole tag block U+E0000-E007F, control characters
 * other than tab and newline, invisible fillers (Hangul fillers, U+2800 blank
 * braille cell, Khmer inherent vowels), private-use characters (no standard
 * glyph: each font may draw them differently, or not at all), noncharacters,
 * and variation selectors. The text/emoji style selectors U+FE0E/U+FE0F are
 * matched too, and kept once right after a visible character (see keepsSelector):
 * a run of them is a way to smuggle bits.
 */
const HIDDEN =
  /[\p{Cf}\p{Cs}\p{Co}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u2800\u3164\uFFA0\uFE00-\uFE0F\uFDD0-\uFDEF\uFFFE\uFFFF\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;

/** HIDDEN without the global flag, plus the line breaks that get unified: a cheap yes/no first. */
const NEEDS_CLEANING = new RegExp(`${HIDDEN.source}|[\\r\\u2028\\u2029]`, "u");

/** Cf characters that are drawn on screen (Arabic and Kaithi number marks): kept. */
const VISIBLE_FORMAT = new Set([0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06dd, 0x070f, 0x0890, 0x0891, 0x08e2, 0x110bd, 0x110cd]);

/** U+FE0E (text style) and U+FE0F (emoji style): meaningful once, after a character. */
const STYLE_SELECTORS = new Set([0xfe0e, 0xfe0f]);
/** What a style selector cannot style: whitespace, hidden characters, other selectors. */
const SELECTOR_CANNOT_FOLLOW = new RegExp(`^(?:\\s|${HIDDEN.source})$`, "u");

const PLAIN_ASCII = /^[\x20-\x7E\t\n]*$/;
const ZWJ = "\u200D";
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
/** An emoji with its optional style selector or skin tone, just before a joiner. */
const EMOJI_BEFORE_JOINER = /\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?$/u;

/** Visitor content is shown between these marks; the marks never occur inside it. */
export const VISITOR_OPEN = "«";
export const VISITOR_CLOSE = "»";

/**
 * Removes invisible, bidirectional-control, tag and control characters.
 * Line breaks become "\n" (CR LF, CR, U+2028 and U+2029 included); tabs stay.
 * The zero-width joiner stays only inside emoji sequences, where it is what
 * draws one family or profession emoji instead of several.
 */
export function cleanText(text: string): string {
  // Most of Crisp's data is plain printable ASCII: nothing to remove, no regex pass needed.
  if (PLAIN_ASCII.test(text)) return text;
  // Most non-ASCII text (accents, emoji, dashes) hides nothing either: one test, no rewrite.
  if (!NEEDS_CLEANING.test(text)) return text;
  const unified = text.replace(/\r\n?|[\u2028\u2029]/g, "\n");
  return unified.replace(HIDDEN, (char, offset: number, whole: string) => {
    const code = char.codePointAt(0)!;
    if (VISIBLE_FORMAT.has(code)) return char;
    if (char === ZWJ && joinsEmoji(whole, offset)) return char;
    if (STYLE_SELECTORS.has(code) && keepsSelector(whole, offset)) return char;
    return "";
  });
}

/** A style selector stays when it follows a character it can style: not a space, a mark or another selector. */
function keepsSelector(text: string, offset: number): boolean {
  if (offset === 0) return false;
  const before = text.charCodeAt(offset - 1);
  const previous = before >= 0xdc00 && before <= 0xdfff && offset >= 2 ? text.codePointAt(offset - 2)! : before;
  return !SELECTOR_CANNOT_FOLLOW.test(String.fromCodePoint(previous));
}

function joinsEmoji(text: string, offset: number): boolean {
  const before = text.slice(Math.max(0, offset - 4), offset);
  const after = String.fromCodePoint(text.codePointAt(offset + 1) ?? 0x20);
  return EMOJI_BEFORE_JOINER.test(before) && PICTOGRAPH.test(after);
}

/**
 * Visitor text ready to show: cleaned, on one line (line breaks shown as ⏎),
 * and marked as visitor content between « ». Guillemets inside become ‹ ›, so
 * a visitor cannot close the mark early and write outside it.
 */
export function visitorText(text: string): string {
  return `${VISITOR_OPEN}${withoutMarks(oneLine(cleanText(text)))}${VISITOR_CLOSE}`;
}

/** « and » as ‹ and ›: text that is not ours can never open or close a visitor mark. */
function withoutMarks(text: string): string {
  return text.replace(/«/g, "‹").replace(/»/g, "›");
}

/** Shortens to `max` characters; a long text (a message) also says how much was left out. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return max >= 1000 ? `${text.slice(0, max)}… [${text.length - max} more chars]` : `${text.slice(0, max - 1)}…`;
}

/** Line breaks as " ⏎ ", runs of spaces and tabs as one space, no outer spaces. */
export function oneLine(text: string): string {
  return text
    .replace(/[ \t]*\n[\s]*/g, " ⏎ ")
    .replace(/[ \t]+/g, " ")
    .trim();
}

// Text from outside shown in an error or a log (Crisp's reason, an exception's
// message): neither visitor text to mark nor data to keep whole.

/** Whole ANSI escape sequences (CSI such as ESC[31m, and OSC such as a terminal title): cleaning alone would leave "[31m" behind. */
const ANSI_SEQUENCE = /(?:\u001B\[|\u009B)[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B\u009C]*(?:\u0007|\u001B\\|\u009C)/g;

/**
 * Text from outside shown in an error, made harmless: ANSI sequences and
 * hidden characters removed, on one line (a line break could fake a "What to
 * do:" line), guillemets turned into ‹ › so it cannot fake a visitor mark.
 */
export function neutralText(text: string): string {
  return withoutMarks(oneLine(cleanText(stripAnsi(text))));
}

export function stripAnsi(text: string): string {
  return text.replace(ANSI_SEQUENCE, "");
}

/**
 * At most maxChars of neutral text, with a note of how much was left out.
 * Only a window of the raw text is cleaned: a reason of megabytes costs no more than a short one.
 */
export function boundedText(text: string, maxChars: number, neutralise: (text: string) => string = neutralText): string {
  const window = text.slice(0, maxChars * 4);
  const shown = neutralise(window);
  const beyondWindow = text.length - window.length;
  if (shown.length <= maxChars && beyondWindow === 0) return shown;
  const kept = cutAt(shown, maxChars);
  return `${kept}… [${shown.length - kept.length + beyondWindow} more characters]`;
}

/** The first maxChars characters, never ending on half a surrogate pair. */
function cutAt(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const last = text.charCodeAt(maxChars - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? maxChars - 1 : maxChars);
}
