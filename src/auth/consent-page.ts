import { createHash } from "node:crypto";
import { cleanText, clip, oneLine } from "../untrusted/text.js";

// The consent page as HTML: one self-contained document, no script, no
// external asset. Every value shown is escaped; the client's name is its own
// claim (registration is open), so it is cleaned, clipped and labelled so,
// and the host codes go back to is shown beside it.

export type ConsentFields =
  | { kind: "passthrough"; tiers: readonly string[]; defaultTier: string; websiteField: boolean }
  | { kind: "token" };

export interface ConsentView {
  clientName?: string;
  redirectUri: string;
  /** The sealed authorization request and its CSRF token, posted back with the form. */
  request: string;
  csrfToken: string;
  writeOffered: boolean;
  /** CRISP_ALLOW_DESTRUCTIVE: whether write access includes deleting. */
  deletesAllowed: boolean;
  fields: ConsentFields;
  /** Shown at the top; the field it names is marked invalid and focused. */
  error?: { message: string; field?: string };
  /** What the person typed before, minus every secret. */
  values?: { access?: string; identifier?: string; tier?: string; website_id?: string };
}

export const CONSENT_PATH = "/consent";

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f6fb;color:#1b1f2a}
main{max-width:34rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 1rem}
fieldset{border:1px solid #c9cfdc;border-radius:8px;margin:1rem 0;padding:.75rem 1rem}
legend{font-weight:600;padding:0 .3rem}
label{display:block;font-weight:600;margin-top:.75rem}
.choice label{display:inline;font-weight:400}
.choice{margin:.4rem 0}
input[type=text],input[type=password],select{display:block;box-sizing:border-box;width:100%;padding:.5rem;margin-top:.25rem;border:1px solid #8a93a8;border-radius:6px;font:inherit}
input:focus,select:focus,button:focus{outline:3px solid #1f6feb;outline-offset:2px}
[aria-invalid=true]{border-color:#b42318;border-width:2px}
.hint{color:#4a5368;font-size:.9rem;margin:.2rem 0 0}
.error{border:2px solid #b42318;background:#fef3f2;color:#7a1a10;border-radius:8px;padding:.75rem 1rem;margin-bottom:1rem}
.who{background:#f0f4ff;border-radius:8px;padding:.75rem 1rem}
.actions{display:flex;gap:.75rem;margin-top:1.25rem}
button{font:inherit;font-weight:600;padding:.6rem 1.4rem;border-radius:6px;border:1px solid #1b1f2a;cursor:pointer}
button.allow{background:#1f6feb;color:#fff;border-color:#1f6feb}
button.deny{background:#fff;color:#1b1f2a}
code{word-break:break-all;font-size:.85rem}
`;

const STYLE_HASH = createHash("sha256").update(STYLE).digest("base64");

/** Security headers of every page: no script, no frame, forms only to here and to the client's redirect. */
export function pageHeaders(formTargets: readonly string[] = []): Record<string, string> {
  const csp = [
    "default-src 'none'",
    `style-src 'sha256-${STYLE_HASH}'`,
    // A form's redirect is checked against form-action too: the client's origin must be listed.
    `form-action 'self' ${formTargets.join(" ")}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
  return {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": csp,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    // same-origin, not no-referrer: with no-referrer the form's own POST would carry "Origin: null".
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
  };
}

export function consentPage(view: ConsentView): string {
  const redirect = new URL(view.redirectUri);
  const name = view.clientName ? clip(oneLine(cleanText(view.clientName)), 100) : "";
  const error = view.error;
  const invalid = (field: string) => (error?.field === field ? ` aria-invalid="true" aria-describedby="error" autofocus` : "");
  const values = view.values ?? {};
  const access = view.writeOffered && values.access === "write" ? "write" : "read";

  const who = name
    ? `<p><strong>${esc(name)}</strong> <span class="hint">(the name the app gave itself)</span> asks to use your Crisp workspace through this server.</p>`
    : `<p>An app that gave no name asks to use your Crisp workspace through this server.</p>`;

  const accessChoices = [
    choice("access", "read", "Read only", "It can read conversations, people and settings, and change nothing.", access === "read"),
    view.writeOffered
      ? choice("access", "write", "Read and write", `It can also send messages, change conversations and edit settings. ${view.deletesAllowed ? "This server also lets it delete." : "Deleting stays refused on this server."}`, access === "write")
      : `<p class="hint">Read and write is not offered: this server, or what the app asked for, allows reading only.</p>`,
  ].join("");

  const credentials =
    view.fields.kind === "passthrough"
      ? `<fieldset><legend>Your Crisp token</legend>
<p class="hint" id="token-hint">A token keypair from the Crisp Marketplace (your plugin's Tokens tab). It is checked with Crisp now and kept only inside the encrypted tokens this server issues.</p>
<label for="identifier">Token identifier</label>
<input type="text" id="identifier" name="identifier" required autocomplete="username" spellcheck="false" aria-describedby="token-hint" value="${esc(values.identifier ?? "")}"${invalid("identifier")}>
<label for="key">Token key</label>
<input type="password" id="key" name="key" required autocomplete="current-password"${invalid("key")}>
<label for="tier">Token tier</label>
<select id="tier" name="tier"${invalid("tier")}>${view.fields.tiers
          .map((t) => `<option value="${esc(t)}"${t === (values.tier ?? (view.fields as { defaultTier: string }).defaultTier) ? " selected" : ""}>${esc(t)}</option>`)
          .join("")}</select>
${
  view.fields.websiteField
    ? `<label for="website_id">Website ID <span class="hint">(optional)</span></label>
<input type="text" id="website_id" name="website_id" spellcheck="false" aria-describedby="website-hint" value="${esc(values.website_id ?? "")}"${invalid("website_id")}>
<p class="hint" id="website-hint">Set it to keep the app on one website; it is then filled in for every call.</p>`
    : ""
}
</fieldset>`
      : `<label for="signin_secret">Sign-in secret</label>
<input type="password" id="signin_secret" name="signin_secret" required autocomplete="current-password" aria-describedby="secret-hint"${invalid("signin_secret")}>
<p class="hint" id="secret-hint">The secret whoever runs this server shared with your team.</p>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Connect an app to Crisp · crisp-mcp</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Connect an app to Crisp</h1>
${error ? `<div class="error" role="alert" id="error">${esc(error.message)}</div>` : ""}
<div class="who">
${who}
<p>If you allow it, you are sent back to <strong>${esc(redirect.host)}</strong>.</p>
</div>
<form method="post" action="${CONSENT_PATH}">
<input type="hidden" name="request" value="${esc(view.request)}">
<input type="hidden" name="csrf_token" value="${esc(view.csrfToken)}">
<fieldset><legend>What the app may do</legend>${accessChoices}</fieldset>
${credentials}
<div class="actions">
<button type="submit" class="allow" name="decision" value="allow">Allow</button>
<button type="submit" class="deny" name="decision" value="deny" formnovalidate>Deny</button>
</div>
</form>
<p class="hint">Sent back to: <code>${esc(view.redirectUri)}</code></p>
</main>
</body>
</html>`;
}

/** A page with a message and no form: the request cannot go on from here. */
export function messagePage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} · crisp-mcp</title><style>${STYLE}</style></head>
<body><main><h1>${esc(title)}</h1><div class="error" role="alert">${esc(message)}</div></main></body>
</html>`;
}

function choice(name: string, value: string, label: string, hint: string, checked: boolean): string {
  const id = `${name}-${value}`;
  return `<div class="choice"><input type="radio" id="${id}" name="${name}" value="${value}" aria-describedby="${id}-hint"${checked ? " checked" : ""}> <label for="${id}">${esc(label)}</label><p class="hint" id="${id}-hint">${esc(hint)}</p></div>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
