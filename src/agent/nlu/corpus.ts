// The offline brain's phrasings, as data: nlu/corpus/<intent>.json is what the classifier trains on,
// nlu/held-out/<intent>.json what it is measured on and never trains on. French and English.
import { readdirSync, readFileSync } from "node:fs";
import { z } from "zod";

const NLU_DIR = new URL("../../../nlu/", import.meta.url);
export type Split = "corpus" | "held-out";

const intentFile = z.object({
  intent: z.string().regex(/^[a-z_]+$/),
  description: z.string().optional(),
  fr: z.array(z.string().min(1)),
  en: z.array(z.string().min(1)),
});
export type IntentFile = z.infer<typeof intentFile>;
export type Language = "fr" | "en";
export const LANGUAGES: readonly Language[] = ["fr", "en"];

export interface Example {
  intent: string;
  language: Language;
  text: string;
}

/** Every intent file of a split, checked. */
export function loadSplit(split: Split, root: URL = NLU_DIR): IntentFile[] {
  const dir = new URL(`${split}/`, root);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => {
      const file = intentFile.parse(JSON.parse(readFileSync(new URL(name, dir), "utf8")));
      if (`${file.intent}.json` !== name)
        throw new Error(`nlu/${split}/${name} declares intent ${file.intent}`);
      return file;
    });
}

/** A split as flat examples. */
export function examplesOf(files: readonly IntentFile[]): Example[] {
  return files.flatMap((file) =>
    LANGUAGES.flatMap((language) => file[language].map((text) => ({ intent: file.intent, language, text }))),
  );
}
