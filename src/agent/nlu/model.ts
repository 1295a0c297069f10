// The offline brain's classifier for this process, made once: the model saved in nlu/model.json is
// imported when it was trained on the corpus as it is now (its hash says so), otherwise the corpus is
// trained on here. `npm run nlu:train` saves the model again; a test fails when it is stale.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { type Classifier, importClassifier, trainClassifier } from "./classifier.js";
import { type Example, examplesOf, loadSplit } from "./corpus.js";

const MODEL_FILE = new URL("../../../nlu/model.json", import.meta.url);

interface SavedModel {
  corpusHash: string;
  model: string;
}

export function corpusHash(examples: readonly Example[]): string {
  return createHash("sha256").update(JSON.stringify(examples)).digest("hex");
}

/** The hash of the saved model's corpus, if there is one. */
export function savedModelHash(): string | undefined {
  if (!existsSync(MODEL_FILE)) return undefined;
  return (JSON.parse(readFileSync(MODEL_FILE, "utf8")) as SavedModel).corpusHash;
}

/** The saved model when it is current, else a model trained now; not shared (the bench times it). */
export async function loadOfflineClassifier(): Promise<Classifier> {
  const examples = examplesOf(loadSplit("corpus"));
  const hash = corpusHash(examples);
  if (existsSync(MODEL_FILE)) {
    const saved = JSON.parse(readFileSync(MODEL_FILE, "utf8")) as SavedModel;
    if (saved.corpusHash === hash) return importClassifier(saved.model, examples);
  }
  return trainClassifier(examples);
}

let shared: Promise<Classifier> | undefined;

/** The process's classifier, loaded or trained on first use. */
export function offlineClassifier(): Promise<Classifier> {
  shared ??= loadOfflineClassifier();
  return shared;
}

/** Trains on the corpus and saves the model (npm run nlu:train). */
export async function saveModel(): Promise<{ examples: number; bytes: number }> {
  const examples = examplesOf(loadSplit("corpus"));
  const classifier = await trainClassifier(examples);
  const saved: SavedModel = { corpusHash: corpusHash(examples), model: classifier.export() };
  const text = JSON.stringify(saved);
  writeFileSync(MODEL_FILE, text);
  return { examples: examples.length, bytes: text.length };
}
