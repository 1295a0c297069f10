// Where M.A.X. tells a staff user something (the digest, « plus de jetons »): the channel they last
// used, privately — a Slack user gets a DM, never a post in the thread they last wrote in, which the
// whole channel reads — and their web chat when that channel cannot carry it (the terminal).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { notifyStaff } from "../../src/scenarios/notices.js";
import type { Scope, User } from "../../src/store/index.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let scope: Scope;
let owner: User;
beforeEach(() => {
  t = testStore();
  ({ scope, owner } = makeTenant(t.store, "agence"));
});
afterEach(() => t.cleanup());

const notice = () => notifyStaff(t.store, scope, owner, { text: "☀️ Bonjour", cards: [] });
const conversationOf = (id: number | null) => t.store.conversations.get(scope.tenantId, id ?? 0);

describe("a notice to a staff user", () => {
  it("goes to their Slack DM when they last wrote in a channel's thread", () => {
    t.store.users.addIdentity(scope, owner.id, "slack", "T1:U7");
    const thread = t.store.conversations.open(scope.tenantId, "slack", "T1:C0VENTES:1.2", owner.id);
    t.store.conversations.setMeta(scope.tenantId, thread.id, { channel: "C0VENTES", threadTs: "1.2" });
    const message = notice();
    expect(conversationOf(message.conversationId)?.externalId).toBe("dm:U7");
    expect(message.meta.inReplyTo).toEqual({ channel: "U7" });
  });

  it("stays on WhatsApp or the web chat they last used", () => {
    const whatsapp = t.store.conversations.open(scope.tenantId, "whatsapp", "+33600000001", owner.id);
    expect(notice().conversationId).toBe(whatsapp.id);
  });

  it("falls back to the web chat after a terminal session, which cannot carry it", () => {
    t.store.conversations.open(scope.tenantId, "cli", `user-${owner.id}`, owner.id);
    const message = notice();
    expect([message.channel, conversationOf(message.conversationId)?.externalId]).toEqual([
      "web",
      `web:${owner.id}`,
    ]);
  });
});
