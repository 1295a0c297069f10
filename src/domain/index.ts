export * from "./costs.js";
export * from "./field-values.js";
export * from "./forecast.js";
export * from "./mode-policy.js";
export * from "./periods.js";
export * from "./pipelines.js";
export * from "./plans.js";
export * from "./vertical-fields.js";
