// npm run nlu:train — trains the offline brain on nlu/corpus/ and saves nlu/model.json, which start-up
// imports instead of training (tests fail while the saved model is older than the corpus).
import { saveModel } from "../src/agent/nlu/model.js";

const started = performance.now();
const { examples, bytes } = await saveModel();
console.log(
  `nlu/model.json: ${examples} phrasings, ${(bytes / 1e6).toFixed(1)} Mo, ${Math.round(performance.now() - started)} ms`,
);
