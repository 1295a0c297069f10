// COACH-01, pre-qualification of coaching leads: what the rest of M.A.X. uses. The scenario id
// `coach-prequalification` maps to startPrequalification; answers come through handleProspectAnswer
// (e-mail and WhatsApp), silence through the PREQUAL_TIMEOUT_JOB job.
export { handleProspectAnswer } from "./answer.js";
export type { Classification, Classifier } from "./classification.js";
export { llmClassifier } from "./classify-llm.js";
export { classifyOffline } from "./classify-offline.js";
export { PREQUAL_TIMEOUT_JOB, startPrequalification } from "./start.js";
export { prequalificationTimeout } from "./timeout.js";
export { onCoachingLeadCreated } from "./trigger.js";
