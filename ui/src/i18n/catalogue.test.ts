// The message catalogue read as a user reads it: Chinese messages carry no internal keys or
// debug syntax, English ones no Chinese punctuation (names: glossary.test.ts).
import { describe, expect, it } from "vitest";
import { messages } from "./messages";

/** Every leaf text of a catalogue, with its key path. */
function leaves(node: unknown, path = ""): [string, string][] {
  if (typeof node === "string") return [[path, node]];
  if (node && typeof node === "object") return Object.entries(node).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [];
}

const zh = leaves(messages["zh-CN"]);
const en = leaves(messages.en);

describe("message catalogue", () => {
  it("has no identifiers, Some( or = in a Chinese message", () => {
    // Placeholders ({name}) are filled in; product names and file formats are allowed words.
    const allowed = /^(RegDesk|WPS|Excel|CSV|JPEG|JPG|PDF|XLSX|ZIP|ODS|HTTPS?|URL|ID|KB|MB|GB|PNG|HEIC|JSON|JSONL|WebP|TIFF|S3|OK|API|AES|USB|P|F|J|K|Z|X|Y|W|H|cm|px|mm|dpi|zip|xlsx|xls|et|ods|csv|jsonl|json|jpg|pdf|regdesk|[A-Z]|[a-z]{1,2})$/;
    const bad = zh.flatMap(([key, text]) => {
      // Out of the way first: placeholders, file names, paths, URLs and format examples
      // (YYYY-MM-DD, 1A2B-3C4D) are what the user types, not internal keys.
      const stripped = text
        .replace(/\{[a-zA-Z]+\}/g, "")
        .replace(/https?:\/\/\S+/g, "")
        .replace(/[\w.-]+\.(json|jsonl|xlsx|zip|jpg|pdf)\b/g, "")
        .replace(/\/[\w/.-]+/g, "")
        .replace(/\b[A-Z0-9]+(-[A-Z0-9]+)+\b/g, "");
      const words = stripped.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
      const identifiers = words.filter((w) => (/[a-z][A-Z]|_/.test(w) || w.length > 2) && !allowed.test(w));
      // `key=value` and Rust's Option in a message are debug output (sof=Some(192)).
      const debug = /Some\(|None\b|\w=\S/.test(stripped);
      return identifiers.length || debug ? [`${key}: ${text}`] : [];
    });
    expect(bad).toEqual([]);
  });

  it("uses English punctuation in English messages", () => {
    // Curly quotes are English typography too; these are not.
    const bad = en.filter(([, text]) => /[，。：；（）、！？]/.test(text)).map(([key, text]) => `${key}: ${text}`);
    expect(bad).toEqual([]);
  });
});
