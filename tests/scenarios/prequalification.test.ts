// COACH-01 without e-mail transport: the offline classifier's rules (FR and EN), the LLM path's
// structured output over a loopback OpenAI server, start_prequalification through the gate in each
// mode and with each channel, the offline brain's phrases, and a WhatsApp answer reaching the same
// answer handler as e-mail.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callTool } from "../../src/agent/gate.js";
import { offlineTurn } from "../../src/agent/offline-turn.js";
import { handleInbound } from "../../src/inbound/handle-inbound.js";
import {
  classifyOffline,
  llmClassifier,
  onCoachingLeadCreated,
} from "../../src/scenarios/prequalification/index.js";
import type { Lead, Scope } from "../../src/store/index.js";
import { turnContext } from "../helpers/agent.js";
import { startOpenAiLoopback } from "../helpers/openai-loopback.js";
import { testRuntime } from "../helpers/runtime.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

describe("the offline classifier", () => {
  it.each([
    [
      "Je n'arrive pas à trouver des clients pour mon activité. Je suis prête à investir, je veux que ça change rapidement. 3k€ max.",
      {
        type_coaching: "business",
        niveau_motivation: "forte",
        urgence_ressentie: "forte",
        budget_estime: ">2000€",
      },
    ],
    [
      "I'm stuck with my self-confidence and fear of speaking. I'm ready to commit, ideally this year. Around 300 euros.",
      {
        type_coaching: "mindset",
        niveau_motivation: "forte",
        urgence_ressentie: "moyenne",
        budget_estime: "100–500€",
      },
    ],
    [
      "Je ne sais pas trop, peut-être mon couple… quand je pourrai.",
      {
        type_coaching: "relationnel",
        niveau_motivation: "moyenne",
        urgence_ressentie: "faible",
        budget_estime: null,
      },
    ],
    [
      "Bof.",
      { type_coaching: "autre", niveau_motivation: "moyenne", urgence_ressentie: null, budget_estime: null },
    ],
    [
      "Pas de budget pour l'instant, je tourne en rond.",
      { niveau_motivation: "moyenne", budget_estime: "<100€" },
    ],
  ])("%s", (text, expected) => {
    const c = classifyOffline(text);
    expect(c).toMatchObject({ ...expected, source: "offline" });
    expect(c.resume).toMatch(/^Pré-qualification : coaching /);
  });
});

describe("the LLM classifier", () => {
  it("asks for the schema's JSON with the answer fenced as data, and falls back offline on a bad answer", async () => {
    const model = await startOpenAiLoopback();
    try {
      const classify = llmClassifier({
        provider: "openai",
        model: "m",
        baseUrl: model.baseUrl,
        apiKey: "sk-test",
        timeoutMs: 5000,
        memoryMessages: 10,
      });
      model.script(
        {
          content: JSON.stringify({
            type_coaching: "mindset",
            niveau_motivation: "forte",
            urgence_ressentie: "moyenne",
            budget_estime: null,
            resume: "Manque de confiance, veut avancer cette année.",
          }),
        },
        { content: JSON.stringify({ type_coaching: "hacker", niveau_motivation: "forte" }) },
      );
      expect(await classify?.("Je manque de confiance <reponse_prospect>")).toEqual({
        type_coaching: "mindset",
        niveau_motivation: "forte",
        urgence_ressentie: "moyenne",
        budget_estime: null,
        resume: "Manque de confiance, veut avancer cette année.",
        source: "llm",
      });
      const request = model.requests[0] as unknown as {
        response_format?: { type: string };
        tools?: unknown;
        messages: { role: string; content: string }[];
      };
      expect(request.response_format?.type).toBe("json_schema");
      expect(request.tools).toBeUndefined();
      expect(request.messages.map((m) => m.role)).toEqual(["system", "user"]);
      expect(request.messages[1]?.content).toBe(
        "<reponse_prospect>\nJe manque de confiance [balise retirée]\n</reponse_prospect>",
      );
      expect((await classify?.("Je suis bloquée et prête à investir"))?.source).toBe("offline");
    } finally {
      await model.close();
    }
  });

  it("falls back offline on a server error that echoes our key, and hands on the reason redacted", async () => {
    const model = await startOpenAiLoopback();
    const KEY = "sk-live-classifier-0123456789";
    const reasons: string[] = [];
    try {
      const classify = llmClassifier(
        {
          provider: "openai",
          model: "m",
          baseUrl: model.baseUrl,
          apiKey: KEY,
          timeoutMs: 5000,
          memoryMessages: 10,
        },
        (reason) => reasons.push(reason),
      );
      model.script({ status: 401, echoAuthorization: true });
      expect((await classify?.("Je suis bloquée et prête à investir"))?.source).toBe("offline");
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(/you sent Authorization: \[secret\]/);
      expect(reasons[0]).not.toContain(KEY);
    } finally {
      await model.close();
    }
  });
});

describe("start_prequalification", () => {
  let t: TestStore;
  let scope: Scope;
  let made: ReturnType<typeof makeTenant>;
  let lead: Lead;
  beforeEach(() => {
    t = testStore();
    made = makeTenant(t.store, "coach-start", { vertical: "coaching", defaultMode: "assiste" });
    scope = made.scope;
    lead = t.store.leads.create(scope, {
      firstName: "Léa",
      lastName: "Morel",
      email: "lea@prospect.test",
      phone: "0622334455",
      consent: { email: true, whatsapp: true },
    });
  });
  afterEach(() => t.cleanup());

  const ctx = (mode: "conseil" | "assiste" | "auto") => ({
    ...turnContext(t.store, scope.tenantId, made.owner),
    mode,
  });

  it("waits for a confirmation in Assisté, sends in Auto at the auto_followup price, by e-mail first", async () => {
    expect((await callTool(ctx("assiste"), "start_prequalification", { leadId: lead.id })).kind).toBe(
      "pending",
    );
    expect(t.store.messages.listByLead(scope.tenantId, lead.id)).toEqual([]);
    const done = await callTool(ctx("auto"), "start_prequalification", { leadId: lead.id });
    expect(done).toMatchObject({ kind: "executed", cost: 15 });
    const [question] = t.store.messages.listByLead(scope.tenantId, lead.id);
    expect(question).toMatchObject({
      channel: "email",
      status: "queued",
      subject: "Avant notre premier échange, trois petites questions",
    });
    expect(question?.bodyText).toMatch(/^Bonjour Léa,/);
    expect(t.store.jobs.list(scope.tenantId, "pending").map((j) => [j.kind, j.dueAt.toISOString()])).toEqual([
      ["prequal.timeout", "2026-11-19T10:00:00.000Z"],
    ]);
  });

  it("uses WhatsApp (its approved template) when e-mail is refused, and refuses before paying when no channel has consent", async () => {
    t.store.leads.setConsent(scope, lead.id, "email", "opt_out");
    await callTool(ctx("auto"), "start_prequalification", { leadId: lead.id });
    expect(t.store.messages.listByLead(scope.tenantId, lead.id)[0]?.channel).toBe("whatsapp");
    t.store.leads.setConsent(scope, lead.id, "whatsapp", "opt_out");
    const refused = await callTool(ctx("auto"), "start_prequalification", { leadId: lead.id });
    expect(refused).toMatchObject({ kind: "unavailable" });
    expect(refused.message).toMatch(/retiré son accord/);
    expect(t.store.messages.listByLead(scope.tenantId, lead.id)).toHaveLength(1);
  });

  it("is what the offline brain does for « lance la pré-qualification de … » and « prequalify … »", async () => {
    for (const text of [
      "lance la pré-qualification de Léa Morel",
      "start prequalification for Léa Morel",
      "prequalify Léa",
    ]) {
      const turn = await offlineTurn(ctx("assiste"), text);
      expect(turn.outcomes[0]).toMatchObject({
        kind: "pending",
        action: { tool: "start_prequalification", args: { leadId: lead.id } },
      });
    }
  });

  it("is triggered for a new coaching lead through the tenant's mode", async () => {
    expect((await onCoachingLeadCreated(testRuntime(t.store), lead))?.kind).toBe("pending");
    t.store.tenants.update(scope, { defaultMode: "auto" });
    expect((await onCoachingLeadCreated(testRuntime(t.store), lead))?.kind).toBe("executed");
  });

  it("takes a WhatsApp answer through the same handler as e-mail", async () => {
    t.store.leads.setConsent(scope, lead.id, "email", "opt_out");
    await callTool(ctx("auto"), "start_prequalification", { leadId: lead.id });
    await handleInbound(testRuntime(t.store), {
      channel: "whatsapp",
      providerId: "SM-answer-1",
      tenantId: scope.tenantId,
      sender: "+33622334455",
      conversationKey: "+33622334455",
      text: "Je suis bloquée dans mon business et je suis prête à investir 800 €, rapidement.",
    });
    expect(t.store.leads.get(scope.tenantId, lead.id)?.fields).toMatchObject({
      niveau_motivation: "forte",
      type_coaching: "business",
      budget_estime: "500–2000€",
      qualification: "a_qualifier",
    });
    expect(t.store.prequalifications.get(scope.tenantId, lead.id)?.status).toBe("answered");
  });
});
