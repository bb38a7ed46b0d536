// For tests that read the repository's own files (the font's coverage, the glossary).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every file under `dir` whose name matches `ext`, leaving out folders named in `skip`. */
export function files(dir: string, ext: RegExp, skip: string[] = ["node_modules"]): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return skip.includes(name) ? [] : files(p, ext, skip);
    return ext.test(name) ? [p] : [];
  });
}
