import { describe, expect, it } from "vitest";
import { z } from "zod";
import { modelTools } from "../../src/agent/langchain-agent.js";
import { modelSchema } from "../../src/agent/model-schema.js";
import { TOOLS } from "../../tools/index.js";
import { tools } from "../helpers/agent.js";

describe("the schema the model reads", () => {
  it("keeps names, types, enums and what is required; drops validation-only keywords", () => {
    const schema = z.object({
      leadId: z.number().int().positive(),
      status: z
        .string()
        .min(1)
        .max(40)
        .regex(/^[a-z_]+$/),
      heat: z.enum(["chaud", "tiede", "froid"]).optional(),
      days: z.number().int().min(0).max(3650).optional(),
      fields: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    });
    expect(modelSchema(schema)).toEqual({
      type: "object",
      properties: {
        leadId: { type: "integer" },
        status: { type: "string" },
        heat: { type: "string", enum: ["chaud", "tiede", "froid"] },
        days: { type: "integer" },
        fields: { type: "object" },
      },
      required: ["leadId", "status"],
    });
  });

  it("turns every tool's schema into an object schema", () => {
    for (const tool of TOOLS) expect(modelSchema(tool.schema)).toMatchObject({ type: "object" });
  });

  it("never offers the model a tool M.A.X. keeps for itself", () => {
    const internal = TOOLS.filter((t) => t.internal).map((t) => t.name);
    expect(internal).toContain("send_scenario_step");
    const offered = modelTools(tools).map((t) => t.name);
    // Nor one kept for the dashboard's buttons (a pack, a campaign).
    const hidden = TOOLS.filter((t) => t.internal || t.dashboardOnly).map((t) => t.name);
    expect(offered).toHaveLength(TOOLS.length - hidden.length);
    for (const name of hidden) expect(offered).not.toContain(name);
  });
});
