import { describe, expect, it } from "vitest";
import { z } from "zod";
import { modelSchema } from "../../src/agent/model-schema.js";
import { TOOLS } from "../../tools/index.js";

describe("the schema the model reads", () => {
  it("keeps names, types, enums, bounds that guide and what is required; drops validation-only keywords", () => {
    const schema = z.object({
      leadId: z.number().int().positive(),
      status: z
        .string()
        .min(1)
        .max(40)
        .regex(/^[a-z_]+$/),
      heat: z.enum(["chaud", "tiede", "froid"]).optional(),
      days: z.number().int().min(0).max(3650).optional(),
    });
    expect(modelSchema(schema)).toEqual({
      type: "object",
      properties: {
        leadId: { type: "integer" },
        status: { type: "string" },
        heat: { type: "string", enum: ["chaud", "tiede", "froid"] },
        days: { type: "integer", minimum: 0, maximum: 3650 },
      },
      required: ["leadId", "status"],
    });
  });

  it("turns every tool's schema into an object schema", () => {
    for (const tool of TOOLS) expect(modelSchema(tool.schema)).toMatchObject({ type: "object" });
  });
});
