// The Slack channel over real HTTP: signed webhooks to our server, replies to a loopback Slack Web API.
import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { messageBlocks } from "../../channels/slack/blocks.js";
import { withoutMention } from "../../channels/slack/inbound.js";
import { slackChannel } from "../../channels/slack/index.js";
import { parseConfig } from "../../src/config.js";
import { INBOUND_JOB } from "../../src/inbound/accept.js";
import { type Running, serve } from "../../src/main.js";
import { type ChannelAdapter, TransientError } from "../../src/outbox/channel.js";
import { startOpenAiLoopback } from "../helpers/openai-loopback.js";
import { BOT_USER_ID, type SlackLoopback, startSlackLoopback } from "../helpers/slack-loopback.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";
import { waitFor } from "../helpers/wait-for.js";

const SECRET = "test-signing-secret";
const TEAM = "T0TEST";
const OWNER = "U0OWNER";
const CHANNEL = "C0VENTES";

let t: TestStore;
let slack: SlackLoopback;
let running: Running;
let tenantId: number;
let ownerId: number;
let seq = 0;

beforeEach(async () => {
  t = testStore();
  const { tenant, scope, owner } = makeTenant(t.store, "coach");
  tenantId = tenant.id;
  ownerId = owner.id;
  t.store.tenantLinks.link(scope, "slack", TEAM);
  t.store.users.addIdentity(scope, owner.id, "slack", `${TEAM}:${OWNER}`);
  t.store.leads.create(scope, { firstName: "Léa", lastName: "Rousseau" });
  slack = await startSlackLoopback();
  running = await serve(slackConfig(), t.store, [slackChannel]);
});

const slackConfig = (env: Record<string, string> = {}) =>
  parseConfig({
    PORT: "0",
    LOG_LEVEL: "silent",
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    ...env,
  });

afterEach(async () => {
  await running.close();
  await slack.close();
  t.cleanup();
});

const nowSec = () => Math.floor(Date.now() / 1000);
const sign = (raw: string, ts = nowSec(), secret = SECRET) => ({
  "x-slack-request-timestamp": String(ts),
  "x-slack-signature": `v0=${createHmac("sha256", secret).update(`v0:${ts}:${raw}`).digest("hex")}`,
});

function post(raw: string, headers: Record<string, string>, type = "application/json") {
  return fetch(`${running.url}/slack/events`, {
    method: "POST",
    headers: { "content-type": type, ...headers },
    body: raw,
  });
}

const eventBody = (event: Record<string, unknown>, team = TEAM, eventId = `Ev${++seq}`) =>
  JSON.stringify({
    token: "legacy",
    team_id: team,
    api_app_id: "A0MAX",
    type: "event_callback",
    event_id: eventId,
    event_time: nowSec(),
    event,
    authorizations: [{ team_id: team, user_id: BOT_USER_ID, is_bot: true }],
  });

const mention = (text: string, ts = `1763300100.${String(++seq).padStart(6, "0")}`) => ({
  type: "app_mention",
  user: OWNER,
  text: `<@${BOT_USER_ID}> ${text}`,
  ts,
  event_ts: ts,
  channel: CHANNEL,
});

const dm = (text: string, extra: Record<string, unknown> = {}) => ({
  type: "message",
  channel_type: "im",
  channel: "D0OWNER",
  user: OWNER,
  text,
  ts: `1763300200.${String(++seq).padStart(6, "0")}`,
  ...extra,
});

function click(actionId: string, card: { ts: string; threadTs?: string }, actionTs: string) {
  const payload = {
    type: "block_actions",
    token: "legacy",
    api_app_id: "A0MAX",
    trigger_id: "1.2.3",
    response_url: "http://127.0.0.1:9/never-called",
    team: { id: TEAM, domain: "test" },
    user: { id: OWNER, username: "owner", team_id: TEAM },
    channel: { id: CHANNEL, name: "ventes" },
    container: { type: "message", message_ts: card.ts, channel_id: CHANNEL, thread_ts: card.threadTs },
    message: { type: "message", ts: card.ts, thread_ts: card.threadTs, bot_id: "BMAXBOT", text: "…" },
    actions: [
      {
        type: "button",
        action_id: actionId,
        block_id: "max-card",
        value: "x",
        text: { type: "plain_text", text: "Confirmer" },
        action_ts: actionTs,
      },
    ],
  };
  const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return post(raw, sign(raw), "application/x-www-form-urlencoded");
}

const inboundJobs = () => t.store.jobs.list(tenantId).filter((j) => j.kind === INBOUND_JOB);
const settle = (ms = 400) => new Promise((resolve) => setTimeout(resolve, ms));
const blocksOf = (params: Record<string, unknown>) => params.blocks as Array<Record<string, unknown>>;

describe("POST /slack/events: signatures", () => {
  it("refuses unsigned, forged, wrongly keyed, stale and future requests with 401 and queues nothing", async () => {
    const raw = eventBody(mention("aide"));
    const good = sign(raw);
    const refused: Record<string, string>[] = [
      {},
      { "x-slack-request-timestamp": good["x-slack-request-timestamp"] },
      { ...good, "x-slack-signature": `v0=${"0".repeat(64)}` },
      { ...good, "x-slack-signature": "v1=abc" },
      sign(raw, nowSec(), "another-secret"),
      sign(raw, nowSec() - 6 * 60),
      sign(raw, nowSec() + 6 * 60),
      // Signed for another body: the signature covers the exact bytes.
      sign(`${raw} `),
    ];
    for (const headers of refused) expect((await post(raw, headers)).status).toBe(401);
    await settle();
    expect(inboundJobs()).toEqual([]);
    expect(slack.of("chat.postMessage")).toEqual([]);
  });

  it("answers url_verification with the challenge, only when signed", async () => {
    const raw = JSON.stringify({
      token: "legacy",
      challenge: "3eZbrw1aBm2rZgRNFdxV",
      type: "url_verification",
    });
    const res = await post(raw, sign(raw));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV" });
    expect((await post(raw, {})).status).toBe(401);
  });
  it("refuses a signed body nested deeper than 64 levels, as JSON or as a form's payload, before parsing it", async () => {
    const deep = `{"type":"event_callback","event":${"[".repeat(100_000)}`;
    const form = new URLSearchParams({ payload: deep }).toString();
    for (const [raw, type] of [
      [deep, "application/json"],
      [form, "application/x-www-form-urlencoded"],
    ] as const) {
      const res = await post(raw, sign(raw), type);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: "corps illisible : JSON trop imbriqué (plus de 64 niveaux)",
      });
    }
    await settle();
    expect(inboundJobs()).toEqual([]);
  });
});

describe("POST /slack/events: events", () => {
  it("queues one turn for concurrent duplicate deliveries and Slack's retries of one event", async () => {
    const raw = eventBody(dm("aide"), TEAM, "EvDUPLICATE");
    const retries = ["", "", "1", "2", ""];
    const responses = await Promise.all(
      retries.map((n) =>
        post(raw, {
          ...sign(raw),
          ...(n ? { "x-slack-retry-num": n, "x-slack-retry-reason": "http_timeout" } : {}),
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const reply = await waitFor(() => slack.of("chat.postMessage")[0], { what: "the reply" });
    await settle(600);
    expect(inboundJobs()).toHaveLength(1);
    expect(slack.of("chat.postMessage")).toHaveLength(1);
    expect(reply.token).toBe("xoxb-test-token");
    expect(slack.of("auth.test")).toHaveLength(1);
    expect(reply.params).toMatchObject({ channel: "D0OWNER" });
    expect(reply.params.thread_ts).toBeUndefined();
    expect(String(reply.params.text)).toMatch(/passe .+ en [a-zé ]+»/);
  });

  it("acknowledges an unknown team, a bot's message and an edit with 200 and queues nothing", async () => {
    const ignored = [
      eventBody(mention("aide"), "T0UNKNOWN"),
      eventBody(dm("aide", { bot_id: "B0OTHER" })),
      eventBody(dm("aide", { subtype: "message_changed" })),
      eventBody({ ...dm("aide"), channel_type: "channel" }),
    ];
    for (const raw of ignored) expect((await post(raw, sign(raw))).status).toBe(200);
    await settle();
    expect(inboundJobs()).toEqual([]);
    expect(slack.of("chat.postMessage")).toEqual([]);
  });
});

describe("a conversation in a Slack thread", () => {
  const balance = () => t.store.ledger.balance(tenantId);
  const lea = () => t.store.leads.search(tenantId, { text: "Léa Rousseau" }).leads[0];

  it("mention -> card with buttons -> Confirmer runs once and updates the card; a second click runs nothing", async () => {
    t.store.ledger.summary(tenantId);
    const before = balance();
    const asked = mention("passe Léa Rousseau en pre_qualif");
    const raw = eventBody(asked);
    expect((await post(raw, sign(raw))).status).toBe(200);

    const card = await waitFor(() => slack.of("chat.postMessage")[0], { what: "the card" });
    expect(card.params).toMatchObject({ channel: CHANNEL, thread_ts: asked.ts });
    const blocks = blocksOf(card.params);
    const actions = blocks.find((b) => b.type === "actions") as { elements: Array<Record<string, unknown>> };
    const [confirm, cancel] = actions.elements;
    expect(confirm).toMatchObject({ type: "button", text: { text: "Confirmer" }, style: "primary" });
    expect(cancel).toMatchObject({ type: "button", text: { text: "Annuler" }, style: "danger" });
    const pending = t.store.pendingActions.listPending(tenantId);
    expect(pending).toHaveLength(1);
    const actionId = pending[0]?.id;
    expect(confirm?.action_id).toBe(`max:confirm:${actionId}`);
    expect(cancel?.action_id).toBe(`max:cancel:${actionId}`);
    expect(JSON.stringify(blocks)).toContain("Assisté");
    expect(lea()?.status).toBe("nouveau");
    expect(balance()).toBe(before);

    const cardTs = String(card.response?.ts);
    const res = await click(
      String(confirm?.action_id),
      { ts: cardTs, threadTs: asked.ts },
      "1763300300.000001",
    );
    expect(res.status).toBe(200);

    const update = await waitFor(() => slack.of("chat.update")[0], { what: "the card's update" });
    expect(update.params).toMatchObject({ channel: CHANNEL, ts: cardTs });
    const updated = JSON.stringify(update.params.blocks);
    expect(updated).not.toContain('"actions"');
    expect(updated).toMatch(
      /✅ Exécutée : Léa Rousseau est maintenant en « Pré-qualification ». \(−1 jeton, solde \d+\)/,
    );
    expect(lea()?.status).toBe("pre_qualif");
    expect(balance()).toBe(before - 1);

    expect(
      (await click(String(confirm?.action_id), { ts: cardTs, threadTs: asked.ts }, "1763300301.000001"))
        .status,
    ).toBe(200);
    await waitFor(
      () =>
        inboundJobs().filter((j) => j.status === "done").length === 3 && slack.of("chat.update").length === 2,
    );
    expect(balance()).toBe(before - 1);
    expect(t.store.pendingActions.get(tenantId, Number(actionId))?.status).toBe("done");
    const again = JSON.stringify(slack.of("chat.update")[1]?.params.blocks);
    expect(again).not.toContain('"actions"');
    expect(again).toContain("✅");
    // Every reply went to the thread of the mention, and nothing was posted for the clicks.
    expect(slack.of("chat.postMessage")).toHaveLength(1);
  });

  it("Annuler cancels: nothing runs, nothing is debited, the card says so", async () => {
    t.store.ledger.summary(tenantId);
    const before = balance();
    const asked = mention("passe Léa Rousseau en pre_qualif");
    const raw = eventBody(asked);
    await post(raw, sign(raw));
    const card = await waitFor(() => slack.of("chat.postMessage")[0]);
    const actionId = t.store.pendingActions.listPending(tenantId)[0]?.id;
    const cardTs = String(card.response?.ts);
    expect(card.params.thread_ts).toBe(asked.ts);
    await click(`max:cancel:${actionId}`, { ts: cardTs, threadTs: asked.ts }, "1763300400.000001");
    const update = await waitFor(() => slack.of("chat.update")[0]);
    expect(JSON.stringify(update.params.blocks)).toContain("🚫 Annulée");
    expect(lea()?.status).toBe("nouveau");
    expect(balance()).toBe(before);
  });
});

describe("the Slack adapter's delivery", () => {
  const adapter = () => running.adapters.get("slack") as ChannelAdapter;
  const draft = () => {
    const scope = { tenantId, actor: "test" };
    const message = t.store.messages.create(scope, {
      channel: "slack",
      direction: "out",
      status: "draft",
      bodyText: "Bonjour",
      meta: { cards: [], decided: null, inReplyTo: { channel: CHANNEL, threadTs: "1.2" } },
    });
    return { message, tenant: t.store.tenants.require(tenantId) };
  };

  it("maps Slack's failures: rate limits, 5xx and network errors are transient, the rest permanent", async () => {
    slack.fail(
      { status: 429, retryAfter: 7 },
      { status: 500 },
      { error: "ratelimited" },
      { error: "channel_not_found" },
    );
    const failures = [];
    for (let i = 0; i < 4; i++)
      failures.push(
        await adapter()
          .send(draft())
          .catch((e: unknown) => e),
      );
    expect(failures[0]).toBeInstanceOf(TransientError);
    expect((failures[0] as TransientError).retryAfterMs).toBe(7000);
    expect(failures[1]).toBeInstanceOf(TransientError);
    expect(failures[2]).toBeInstanceOf(TransientError);
    expect(failures[3]).not.toBeInstanceOf(TransientError);
    expect((failures[3] as Error).message).toContain("channel_not_found");
    const sent = await adapter().send(draft());
    expect(sent.providerId).toMatch(new RegExp(`^${CHANNEL}:\\d+\\.\\d+$`));
    await slack.close();
    expect(
      await adapter()
        .send(draft())
        .catch((e: unknown) => e),
    ).toBeInstanceOf(TransientError);
  });

  const dmConversation = () => t.store.conversations.open(tenantId, "slack", `${TEAM}:D0OWNER`, ownerId).id;

  it("a reply rate-limited once is delivered on the outbox's retry", async () => {
    slack.fail({ status: 429, retryAfter: 1 });
    const raw = eventBody(dm("aide"));
    await post(raw, sign(raw));
    await waitFor(() => slack.of("chat.postMessage").length === 1, { what: "the rate-limited try" });
    const queued = await waitFor(() =>
      t.store.messages
        .listConversation(tenantId, dmConversation())
        .find((m) => m.direction === "out" && m.status === "queued" && m.attempts === 1),
    );
    expect(queued.error).toMatch(/limite de débit/);
    t.clock.set(new Date(t.clock.now.getTime() + 2_000).toISOString());
    await waitFor(() => slack.of("chat.postMessage").length === 2, { what: "the retry" });
    await waitFor(() => t.store.messages.get(tenantId, queued.id)?.status === "sent");
  });

  it("shows « je regarde… » in the thread before a model turn, through the outbox; a refused notice never fails the turn", async () => {
    const model = await startOpenAiLoopback(() => ({ content: "Bonjour Sophie !" }));
    await running.close();
    running = await serve(
      slackConfig({ MAX_LLM_MODEL: "max-test-model", MAX_LLM_BASE_URL: model.baseUrl }),
      t.store,
      [slackChannel],
    );
    try {
      const first = eventBody(mention("bonjour", "1763300900.000001"));
      await post(first, sign(first));
      await waitFor(() => slack.of("chat.postMessage").length === 2, { what: "the notice and the answer" });
      expect(slack.of("chat.postMessage").map((c) => [c.params.text, c.params.thread_ts])).toEqual([
        ["_je regarde…_", "1763300900.000001"],
        ["Bonjour Sophie !", "1763300900.000001"],
      ]);
      const notice = t.store.messages
        .listConversation(
          tenantId,
          t.store.conversations.open(tenantId, "slack", `${TEAM}:${CHANNEL}:1763300900.000001`, ownerId).id,
        )
        .find((m) => m.meta.working);
      expect(notice).toMatchObject({ direction: "out", status: "sent", bodyText: "_je regarde…_" });
      // Rate-limited, the notice is dropped rather than sent after the answer.
      slack.fail({ status: 429, retryAfter: 1 });
      const second = eventBody(mention("et maintenant ?", "1763300900.000002"));
      await post(second, sign(second));
      await waitFor(() => slack.of("chat.postMessage").length === 4, {
        what: "the refused notice, the answer",
      });
      expect(slack.of("chat.postMessage")[3]?.params.text).toBe("Bonjour Sophie !");
      t.clock.set(new Date(t.clock.now.getTime() + 60_000).toISOString());
      await settle(600);
      expect(slack.of("chat.postMessage")).toHaveLength(4);
    } finally {
      await model.close();
    }
  });
});

describe("Slack rendering", () => {
  it("escapes Slack's markup and splits a long reply into sections of at most 3,000 characters", () => {
    const long = `${"a".repeat(2500)}\n${"b".repeat(2500)}\n${"c".repeat(7000)}`;
    const blocks = messageBlocks(`<@U1> & <!channel>\n${long}`, []) as Array<{ text: { text: string } }>;
    expect(blocks[0]?.text.text.startsWith("&lt;@U1&gt; &amp; &lt;!channel&gt;\n")).toBe(true);
    expect(blocks.every((b) => b.text.text.length <= 3000)).toBe(true);
    // Cut between lines when they fit, inside a line only when it is longer than a section.
    expect(blocks.map((b) => b.text.text.length)).toEqual([2535, 2500, 3000, 3000, 1000]);
    const flat = (x: string) => x.replace(/\n/g, "");
    expect(flat(blocks.map((b) => b.text.text).join(""))).toBe(
      flat(`&lt;@U1&gt; &amp; &lt;!channel&gt;${long}`),
    );
  });

  it("strips only the bot's mention from what the user said", () => {
    expect(withoutMention(`<@${BOT_USER_ID}> passe <@U2> en vip`, BOT_USER_ID)).toBe("passe <@U2> en vip");
    expect(withoutMention("<@UANY|max> aide")).toBe("aide");
    expect(withoutMention(`note sur Léa : <@${BOT_USER_ID}> ligne 1\nligne 2`, BOT_USER_ID)).toBe(
      "note sur Léa : ligne 1\nligne 2",
    );
  });
});
