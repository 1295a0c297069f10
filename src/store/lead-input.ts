// Input schemas for creating and changing leads (the store's boundary: tools and CLI pass through it).
import { z } from "zod";

export const HEATS = ["chaud", "tiede", "froid"] as const;
export type Heat = (typeof HEATS)[number];
export const CONSENT_CHANNELS = ["email", "whatsapp", "sms"] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$/u, "un tag fait 1 à 40 lettres, chiffres, espaces, - ou _");

export const leadPatchSchema = z.object({
  firstName: z.string().trim().max(100).optional(),
  lastName: z.string().trim().max(100).optional(),
  company: optionalText(200),
  email: z.email("adresse e-mail invalide").trim().toLowerCase().nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ().-]{5,24}$/, "numéro de téléphone invalide")
    .nullable()
    .optional(),
  city: optionalText(100),
  source: optionalText(60),
  ownerId: z.number().int().positive().nullable().optional(),
  heat: z.enum(HEATS).nullable().optional(),
  score: z.number().int().min(0).max(100).nullable().optional(),
  notes: z.string().max(20_000).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});
export type LeadPatch = z.input<typeof leadPatchSchema>;

export const newLeadSchema = leadPatchSchema
  .extend({
    status: z.string().optional(),
    tags: z.array(tagSchema).max(50).optional(),
    customFields: z.record(z.string(), z.unknown()).optional(),
    consent: z.partialRecord(z.enum(CONSENT_CHANNELS), z.boolean()).optional(),
    createdAt: z.date().optional(),
    lastActivityAt: z.date().nullable().optional(),
  })
  .refine((l) => l.firstName || l.lastName || l.company || l.email || l.phone, {
    message: "un lead a besoin d'au moins un nom, une entreprise, un e-mail ou un téléphone",
  });
export type NewLead = z.input<typeof newLeadSchema>;
