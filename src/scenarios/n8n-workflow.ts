// `max scenarios export NAME`: an n8n workflow that runs a scenario's steps for a tenant on n8n. It
// receives each due step on the webhook M.A.X. posts to (`<base>/<scenario>`), checks M.A.X.'s
// signature, sends the message on its channel, then reports the outcome to M.A.X.'s signed callback.
// The JSON has exactly what n8n's public API accepts on POST /api/v1/workflows: name, nodes,
// connections, settings (workflowSchema, written from that documented contract, checks it).
import { createHash } from "node:crypto";
import { z } from "zod";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../integrations/n8n-signature.js";
import type { ScenarioDefinition } from "./definitions.js";

export const CALLBACK_PATH = "/n8n/scenario-callback";
export const TENANT_HEADER = "X-Max-Tenant";

const nodeSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.string().regex(/^[\w@/.-]+\.\w+$/),
  typeVersion: z.number().positive(),
  position: z.tuple([z.number(), z.number()]),
  parameters: z.record(z.string(), z.unknown()),
  webhookId: z.string().optional(),
  credentials: z.record(z.string(), z.unknown()).optional(),
  disabled: z.boolean().optional(),
  notes: z.string().optional(),
});
const connectionSchema = z.strictObject({
  node: z.string(),
  type: z.literal("main"),
  index: z.number().int().min(0),
});
const settingsSchema = z.strictObject({
  saveExecutionProgress: z.boolean().optional(),
  saveManualExecutions: z.boolean().optional(),
  saveDataErrorExecution: z.enum(["all", "none"]).optional(),
  saveDataSuccessExecution: z.enum(["all", "none"]).optional(),
  executionTimeout: z.number().int().optional(),
  errorWorkflow: z.string().optional(),
  timezone: z.string().optional(),
  executionOrder: z.enum(["v0", "v1"]).optional(),
});

/** The body n8n's public API accepts to create a workflow; read-only fields (id, active, tags) are refused. */
export const workflowSchema = z
  .strictObject({
    name: z.string().min(1).max(128),
    nodes: z.array(nodeSchema).min(1),
    connections: z.record(z.string(), z.strictObject({ main: z.array(z.array(connectionSchema)) })),
    settings: settingsSchema,
  })
  .superRefine((w, ctx) => {
    const names = new Set(w.nodes.map((n) => n.name));
    if (names.size !== w.nodes.length) ctx.addIssue({ code: "custom", message: "noms de nœuds en double" });
    for (const [from, out] of Object.entries(w.connections)) {
      const targets = out.main.flat().map((c) => c.node);
      for (const name of [from, ...targets]) {
        if (!names.has(name))
          ctx.addIssue({ code: "custom", message: `connexion vers un nœud inconnu : ${name}` });
      }
    }
  });
export type Workflow = z.infer<typeof workflowSchema>;

/** Stable ids, so exporting twice gives the same file. */
const idOf = (scenario: string, name: string) => {
  const h = createHash("sha256").update(`${scenario}:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

type NodeSpec = [name: string, type: string, typeVersion: number, parameters: Record<string, unknown>];

const signingKey = "={{ $env.MAX_SIGNING_KEY }}";

function nodeSpecs(def: ScenarioDefinition, callbackUrl: string, tenantSlug: string): NodeSpec[] {
  const header = (name: string) => `$json.headers['${name.toLowerCase()}']`;
  return [
    [
      "Étape M.A.X.",
      "n8n-nodes-base.webhook",
      2,
      { httpMethod: "POST", path: def.id, responseMode: "onReceived", options: { rawBody: true } },
    ],
    [
      "Vérifier la signature",
      "n8n-nodes-base.crypto",
      1,
      {
        action: "hmac",
        type: "SHA256",
        encoding: "hex",
        dataPropertyName: "expected",
        secret: signingKey,
        value: `={{ ${header(TIMESTAMP_HEADER)} + '.' + JSON.stringify($json.body) }}`,
      },
    ],
    [
      "Signature valide ?",
      "n8n-nodes-base.if",
      2,
      {
        conditions: {
          conditions: [
            {
              leftValue: `={{ 'sha256=' + $json.expected }}`,
              rightValue: `={{ ${header(SIGNATURE_HEADER)} }}`,
              operator: { type: "string", operation: "equals" },
            },
          ],
        },
      },
    ],
    [
      "Canal",
      "n8n-nodes-base.switch",
      3,
      {
        rules: {
          values: def.channels.map((ch) => ({
            outputKey: ch,
            conditions: {
              conditions: [
                {
                  leftValue: "={{ $json.body.channel }}",
                  rightValue: ch,
                  operator: { type: "string", operation: "equals" },
                },
              ],
            },
          })),
        },
      },
    ],
    [
      "E-mail",
      "n8n-nodes-base.emailSend",
      2,
      {
        toEmail: "={{ $json.body.lead.email }}",
        subject: "={{ $json.body.message.subject }}",
        text: "={{ $json.body.message.text }}",
      },
    ],
    [
      "WhatsApp",
      "n8n-nodes-base.twilio",
      1,
      { toWhatsapp: true, to: "={{ $json.body.lead.phone }}", message: "={{ $json.body.message.text }}" },
    ],
    [
      "Compte rendu",
      "n8n-nodes-base.code",
      2,
      {
        jsCode:
          "const step = $('Étape M.A.X.').first().json.body;\nconst body = JSON.stringify({ stepId: step.stepId, outcome: 'sent' });\nreturn [{ json: { body, timestamp: String(Math.floor(Date.now() / 1000)) } }];",
      },
    ],
    [
      "Signer le compte rendu",
      "n8n-nodes-base.crypto",
      1,
      {
        action: "hmac",
        type: "SHA256",
        encoding: "hex",
        dataPropertyName: "signature",
        secret: signingKey,
        value: "={{ $json.timestamp + '.' + $json.body }}",
      },
    ],
    [
      "Rappeler M.A.X.",
      "n8n-nodes-base.httpRequest",
      4.2,
      {
        method: "POST",
        url: callbackUrl,
        sendHeaders: true,
        headerParameters: {
          parameters: [
            { name: TENANT_HEADER, value: tenantSlug },
            { name: TIMESTAMP_HEADER, value: "={{ $json.timestamp }}" },
            { name: SIGNATURE_HEADER, value: "={{ 'sha256=' + $json.signature }}" },
          ],
        },
        sendBody: true,
        contentType: "raw",
        rawContentType: "application/json",
        body: "={{ $json.body }}",
      },
    ],
  ];
}

const link = (...nodes: string[]) => [nodes.map((node) => ({ node, type: "main" as const, index: 0 }))];

export function exportWorkflow(
  def: ScenarioDefinition,
  opts: { publicUrl: string; tenantSlug: string; timezone: string },
): Workflow {
  const specs = nodeSpecs(def, `${opts.publicUrl}${CALLBACK_PATH}`, opts.tenantSlug);
  const nodes = specs.map(([name, type, typeVersion, parameters], i) => ({
    id: idOf(def.id, name),
    name,
    type,
    typeVersion,
    position: [i * 220, name === "WhatsApp" ? 200 : 0] as [number, number],
    parameters,
    ...(type.endsWith(".webhook") ? { webhookId: idOf(def.id, "webhook") } : {}),
  }));
  const byChannel = { email: "E-mail", whatsapp: "WhatsApp" } as const;
  const connections = {
    "Étape M.A.X.": { main: link("Vérifier la signature") },
    "Vérifier la signature": { main: link("Signature valide ?") },
    // The IF node's first output is "true"; a forged request goes nowhere.
    "Signature valide ?": { main: [...link("Canal"), []] },
    Canal: { main: def.channels.flatMap((ch) => link(byChannel[ch])) },
    "E-mail": { main: link("Compte rendu") },
    WhatsApp: { main: link("Compte rendu") },
    "Compte rendu": { main: link("Signer le compte rendu") },
    "Signer le compte rendu": { main: link("Rappeler M.A.X.") },
  };
  return workflowSchema.parse({
    name: `M.A.X. — ${def.label} (${def.id})`,
    nodes,
    connections,
    settings: { executionOrder: "v1", timezone: opts.timezone, saveDataErrorExecution: "all" },
  });
}
