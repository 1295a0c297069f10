// A prospect answered (by e-mail or WhatsApp) while their pre-qualification waits: the text is
// classified (the model if configured, else or on failure the offline rules), then in one transaction
// the run ends (once: compare-and-set) with only the lead's classification fields written and the
// timeout cancelled; then the coach is notified. Without a waiting pre-qualification the answer is
// just timeline data. The text reaches no tool: only the classifier's enums and summary are used.
import type { SendChannel } from "../../domain/index.js";
import type { ScenarioDeps } from "../deps.js";
import { type Classifier, leadFieldsOf } from "./classification.js";
import { offlineClassifier } from "./classify-offline.js";
import { notifyCoach } from "./notify.js";
import { reportFor } from "./report.js";
import { SCENARIO_ACTOR, timeoutKey } from "./start.js";

interface AnswerDeps extends ScenarioDeps {
  /** The model's classifier when one is configured; the offline rules otherwise. */
  classifier?: Classifier;
}

export interface ProspectAnswer {
  tenantId: number;
  leadId: number;
  messageId: number;
  text: string;
  /** When it was received: a message older than the run it would end is not its answer. */
  receivedAt: Date;
}

/** Returns whether the answer ended a waiting pre-qualification. */
export async function handleProspectAnswer(deps: AnswerDeps, answer: ProspectAnswer): Promise<boolean> {
  const { store } = deps;
  const waiting = store.prequalifications.get(answer.tenantId, answer.leadId);
  if (waiting?.status !== "waiting" || answer.receivedAt < waiting.startedAt) return false;
  const classification = await (deps.classifier ?? offlineClassifier)(answer.text);
  const scope = { tenantId: answer.tenantId, actor: SCENARIO_ACTOR };
  const ended = store.transaction(() => {
    const lead = store.leads.require(answer.tenantId, answer.leadId);
    const { resume, ...result } = classification;
    const done = store.prequalifications.finish(scope, answer.leadId, {
      status: "answered",
      answerMessageId: answer.messageId,
      result: { ...result, resume },
    });
    if (!done) return undefined;
    store.leads.update(scope, answer.leadId, { fields: leadFieldsOf(classification, resume, lead.fields) });
    store.jobs.cancel(scope, timeoutKey(waiting));
    return store.leads.require(answer.tenantId, answer.leadId);
  });
  if (!ended) return false;
  const tenant = store.tenants.require(answer.tenantId);
  const report = reportFor(
    ended,
    waiting.channel as SendChannel,
    classification.niveau_motivation,
    classification.resume,
    true,
  );
  await notifyCoach(deps, tenant, ended, report);
  return true;
}
