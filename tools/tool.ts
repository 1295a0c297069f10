// What every agent tool is: a name the model calls, a zod schema for its arguments, its effect
// (read | write | send | schema) and cost key for the gate, a preview for confirmation cards, and a
// run that returns a result the model can read. A store refusal may simply throw: the gate turns it
// into a readable failure and rolls the run back.
import type { z } from "zod";
import type { CostKey, Effect } from "../src/domain/index.js";
import type { Scope, Store, Tenant, User } from "../src/store/index.js";

export interface ToolContext {
  store: Store;
  tenant: Tenant;
  user: User | null;
  scope: Scope;
}

export type ToolResult = { ok: true; summary: string; data?: unknown } | { ok: false; error: string };

export interface MaxTool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  schema: S;
  effect: Effect;
  costKey: CostKey;
  /** One French line for a confirmation card: what will happen. */
  preview(args: z.output<S>, ctx: ToolContext): string;
  /** Runs inside the gate's transaction: a failed result or a thrown StoreError rolls every write back. */
  run(args: z.output<S>, ctx: ToolContext): ToolResult;
}

export function defineTool<S extends z.ZodType>(tool: MaxTool<S>): MaxTool<S> {
  return tool;
}
