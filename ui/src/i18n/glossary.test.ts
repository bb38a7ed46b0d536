// The glossary is the one source of names: the window's catalogue, the core's and the CLI's
// messages (Rust string literals) and the README all use its words, and the README shows it.
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { files } from "../testing/sourceFiles";
import { GLOSSARY } from "./glossary";
import { messages } from "./messages";

const root = resolve(__dirname, "../../..");
// Build output, tests (their data is not wording) and generated bindings.
const SKIP = ["node_modules", "target", "tests", "bindings"];

function leaves(node: unknown): string[] {
  if (typeof node === "string") return [node];
  if (node && typeof node === "object") return Object.values(node).flatMap(leaves);
  return [];
}

/** Where a text uses a replaced name: "file: line" for each hit. */
function misuses(where: string, text: string): string[] {
  return text.split("\n").flatMap((line, i) => {
    // The marked roster headers, and the README's glossary rows that name the old words.
    if (line.includes("glossary: accepted header") || GLOSSARY.some((t) => line.startsWith(`| ${t.zh} | ${t.en} |`))) return [];
    return GLOSSARY.flatMap((term) => {
      const zh = term.avoidZh.filter((w) => line.includes(w));
      const en = term.avoidEn.filter((w) => new RegExp(`\\b${w}\\b`, "i").test(line));
      return [...zh, ...en].map((w) => `${where}:${i + 1} "${w}" → "${w === term.avoidZh.find((z) => z === w) ? term.zh : term.en}"`);
    });
  });
}

/** Rust string literals only: identifiers and comments may say what they like. */
function rustStrings(text: string): string {
  return text
    .split("\n")
    .map((line) => (line.match(/"(?:[^"\\]|\\.)*"/g) ?? []).join(" ") + (line.includes("glossary: accepted header") ? " glossary: accepted header" : ""))
    .join("\n");
}

describe("glossary", () => {
  it("is used by the window's catalogue in both languages", () => {
    expect(misuses("zh-CN", leaves(messages["zh-CN"]).join("\n"))).toEqual([]);
    expect(misuses("en", leaves(messages.en).join("\n"))).toEqual([]);
  });

  it("is used by the core's and the CLI's messages", () => {
    const sources = [...files(join(root, "crates"), /\.rs$/, SKIP), ...files(join(root, "src-tauri"), /\.rs$/, SKIP)].filter((f) => !f.endsWith("tests.rs"));
    expect(sources.length).toBeGreaterThan(50);
    const bad = sources.flatMap((f) => misuses(relative(root, f), rustStrings(readFileSync(f, "utf8"))));
    expect(bad).toEqual([]);
  });

  it("is used and shown by the README and the docs", () => {
    const docs = [join(root, "README.md"), ...files(join(root, "docs"), /\.md$/, SKIP)];
    const bad = docs.flatMap((f) => misuses(relative(root, f), readFileSync(f, "utf8")));
    expect(bad).toEqual([]);
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const missing = GLOSSARY.filter((term) => !readme.includes(`| ${term.zh} | ${term.en} | ${term.meaning} |`)).map((t) => t.zh);
    expect(missing).toEqual([]);
  });
});
