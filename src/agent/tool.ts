// The tool contract: what every agent tool is (tools/ holds one file per tool). A name the model
// calls, a zod schema for its arguments, its effect (read | write | send | schema) and cost key for
// the gate, a preview for confirmation cards, and a run that returns a result the model can read. A
// store refusal may simply throw: the gate turns it into a readable failure and rolls the run back.
// The set of tools is handed in (ToolContext.tools), never imported: the agent knows the contract only.
import type { z } from "zod";
import type { Config } from "../config.js";
import type { CostKey, Effect } from "../domain/index.js";
import type { ChannelReadiness } from "../outbox/reach.js";
import type { Scope, Store, Tenant, User } from "../store/index.js";

/** What tools that leave the process need from the configuration. */
export interface ToolSettings {
  n8n: { secret?: string; timeoutMs: number };
  /** COACH-01: days without an answer before the lead's motivation is set to faible (default 3). */
  prequalification?: { timeoutDays: number };
  /** Which channels the server has connected, for each tenant: checked before a message is paid. */
  channels: ChannelReadiness;
}

/** The settings, read from the configuration in this one place. */
export function toolSettingsOf(
  config: Pick<Config, "n8n" | "email">,
  channels: ChannelReadiness,
): ToolSettings {
  return { n8n: config.n8n, prequalification: { timeoutDays: config.email.prequalTimeoutDays }, channels };
}

/** The tools a turn may call, as the entry point assembled them. */
export interface ToolSet {
  readonly all: readonly MaxTool[];
  find(name: string): MaxTool | undefined;
}

export function toolSet(tools: readonly MaxTool[]): ToolSet {
  const byName = new Map(tools.map((t) => [t.name, t]));
  return { all: tools, find: (name) => byName.get(name) };
}

export interface ToolContext {
  store: Store;
  tools: ToolSet;
  tenant: Tenant;
  user: User | null;
  scope: Scope;
  settings?: ToolSettings;
  /** Where the person who asked talks to M.A.X.: told there if what they queued fails later. */
  conversationId?: number | null;
  /** The ledger row this run was paid with, set by the gate (none for a free run). */
  debitId?: number | null;
}

/** The call that reverses an executed action, kept in the audit log. */
export interface UndoCall {
  tool: string;
  args: Record<string, unknown>;
}

export type ToolResult =
  | {
      ok: true;
      summary: string;
      data?: unknown;
      undo?: UndoCall;
      /**
       * The summary carries text a prospect wrote (a message, an answer, a summary of one): the model
       * reads it as data, and what it asks next in the same turn waits for a human (gate.ts).
       */
      tainted?: true;
    }
  | { ok: false; error: string };

/** What `prepare` makes of a call: the arguments the card will show and run, or why it cannot be done. */
export type Prepared<A> = { args: A } | { unavailable: string };

export interface MaxTool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  schema: S;
  effect: Effect;
  /**
   * Run only by M.A.X. itself (a scenario step the scheduler prepared, then confirmed): never offered
   * to the model, and refused when a chat turn names it.
   */
  internal?: true;
  /**
   * Offered to the dashboard's buttons only (a campaign's planning, a pack): the gate runs it like any
   * other, but the model is not shown it, which keeps each turn's prompt small.
   */
  dashboardOnly?: true;
  /** The cost table's key, or a function of the arguments when the price depends on them (channel). */
  costKey: CostKey | ((args: z.output<S>) => CostKey);
  /** How many times the cost is paid: one per lead of a bulk call (the dashboard's); 1 if absent. */
  units?(args: z.output<S>): number;
  /**
   * Set for calls that need a human whatever the mode (even from Conseil): how many confirmations in
   * a row, e.g. 2 to switch a tenant to Auto; 0 for a call of the tool that does not (one lead's
   * analysis runs at once, a bulk one is confirmed).
   */
  confirmations?(args: z.output<S>): number;
  /** A setting or a correction, not an action (a mode change, an undo): it costs no token. */
  free?: true;
  /** Tokens the run adds to the balance (a pack): the card's balance after counts them. */
  credits?(args: z.output<S>): number;
  /**
   * Asked by the gate before a card is prepared or anything is paid, in every mode, and again when a
   * card is confirmed: why the call cannot be done now (a channel not connected, a lead out of reach,
   * a status the pipeline lacks, an empty segment), in French with how to fix it; or the arguments
   * completed so that the card names exactly what will run (the undo tool fixes its action).
   */
  prepare?(args: z.output<S>, ctx: ToolContext): Prepared<z.output<S>>;
  /**
   * For an executed call of this tool found in the audit log (its arguments and data): why it can no
   * longer be undone because what it did was changed since (the tag removed by hand, another
   * status); null when things are still as it left them.
   */
  changedSince?(done: { args: z.output<S>; data: unknown }, ctx: ToolContext): string | null;
  /** One French line for a confirmation card: what will happen. */
  preview(args: z.output<S>, ctx: ToolContext): string;
  /** Runs inside the gate's transaction: a failed result or a thrown StoreError rolls every write back. */
  run(args: z.output<S>, ctx: ToolContext): ToolResult;
  /**
   * The part that leaves the process (an HTTP call), after the run committed. It records its own
   * outcome; a failed delivery is refunded by the gate.
   */
  deliver?(args: z.output<S>, data: unknown, ctx: ToolContext): Promise<ToolResult>;
}

export function costKeyOf(tool: MaxTool, args: unknown): CostKey {
  return typeof tool.costKey === "function" ? tool.costKey(args) : tool.costKey;
}

export function defineTool<S extends z.ZodType>(tool: MaxTool<S>): MaxTool<S> {
  return tool;
}
