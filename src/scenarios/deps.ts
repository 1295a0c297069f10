// What the scenario engine runs with, handed in by the entry point (src/runtime.ts): the store, the
// tool set (a step or a suggested reply goes through the gate by its tool) and the tools' settings.
import type { ToolSet, ToolSettings } from "../agent/tool.js";
import type { Store } from "../store/index.js";

export interface ScenarioDeps {
  store: Store;
  tools: ToolSet;
  settings: ToolSettings;
}
