import type { MaxTool } from "../src/agent/tool.js";
import { addNote } from "./add-note.js";
import { addTokenPack } from "./add-token-pack.js";
import { analyzeLead } from "./analyze-lead.js";
import { applyFields } from "./apply-fields.js";
import { applyTags } from "./apply-tags.js";
import { cancelCampaign } from "./cancel-campaign.js";
import { draftNewsletter } from "./draft-newsletter.js";
import { getBudget } from "./get-budget.js";
import { proposeFields } from "./propose-fields.js";
import { enrollInScenario, listEnrollments, pauseScenario, resumeScenario } from "./scenario-enrollment.js";
import { scheduleCampaign } from "./schedule-campaign.js";
import { scheduleN8nScenario } from "./schedule-n8n-scenario.js";
import { searchLeads } from "./search-leads.js";
import { sendMessage } from "./send-message.js";
import { sendScenarioStep } from "./send-scenario-step.js";
import { setMode } from "./set-mode.js";
import { startPrequalificationTool } from "./start-prequalification.js";
import { stopScenario } from "./stop-scenario.js";
import { undoLastAction } from "./undo-last-action.js";
import { updateStatus } from "./update-status.js";
import { validateFollowups } from "./validate-followups.js";

export {
  costKeyOf,
  type MaxTool,
  type ToolContext,
  type ToolResult,
  type ToolSettings,
} from "../src/agent/tool.js";

export const TOOLS: readonly MaxTool[] = [
  searchLeads,
  analyzeLead,
  updateStatus,
  applyTags,
  addNote,
  getBudget,
  setMode,
  proposeFields,
  applyFields,
  scheduleN8nScenario,
  draftNewsletter,
  sendMessage,
  enrollInScenario,
  pauseScenario,
  resumeScenario,
  listEnrollments,
  sendScenarioStep,
  validateFollowups,
  startPrequalificationTool,
  undoLastAction,
  stopScenario,
  addTokenPack,
  scheduleCampaign,
  cancelCampaign,
] as MaxTool[];
