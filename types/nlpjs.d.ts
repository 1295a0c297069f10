// The parts of NLP.js (which ships no types) that src/agent/nlu/classifier.ts uses.
declare module "@nlpjs/core" {
  export interface Container {
    use(plugin: unknown): void;
    get(name: "nlp"): import("@nlpjs/nlp").Nlp;
  }
  export function containerBootstrap(settings?: Record<string, unknown>): Promise<Container>;
}

declare module "@nlpjs/nlp" {
  export interface NlpResult {
    locale: string;
    intent: string;
    score: number;
    classifications: Array<{ intent: string; score: number }>;
  }
  export class Nlp {
    constructor(settings: Record<string, unknown>);
    settings: Record<string, unknown>;
    addLanguage(locale: string): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    export(minified?: boolean): string;
    import(model: string): void;
    process(locale: string, utterance: string): Promise<NlpResult>;
    /** The classifier alone: no entity extraction, no sentiment. */
    nluManager: {
      settings: Record<string, unknown>;
      /** One per language, each with its domains' classifiers. */
      domainManagers: Record<string, { domains: Record<string, { settings: Record<string, unknown> }> }>;
      process(
        locale: string,
        utterance: string,
        domain: string | undefined,
        settings?: Record<string, unknown>,
      ): Promise<{ classifications: Array<{ intent: string; score: number }> }>;
    };
  }
}

declare module "@nlpjs/lang-fr" {
  export const LangFr: unknown;
}

declare module "@nlpjs/lang-en" {
  export const LangEn: unknown;
}
