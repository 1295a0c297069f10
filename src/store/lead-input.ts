// Input schemas for creating and changing leads (the store's boundary: tools and CLI pass through it).
import { z } from "zod";

export const HEATS = ["chaud", "tiede", "froid"] as const;
export type Heat = (typeof HEATS)[number];
export const CONSENT_CHANNELS = ["email", "whatsapp", "sms"] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** "06 12 34 56 78", "+33 (0)6 12…", "0033 6…" all become "+33612345678"; others keep their digits. */
export function normalizePhone(raw: string): string {
  let phone = raw.replace(/\(0\)/g, "").replace(/[\s.()-]/g, "");
  if (phone.startsWith("00")) phone = `+${phone.slice(2)}`;
  if (/^0\d{9}$/.test(phone)) phone = `+33${phone.slice(1)}`;
  return phone;
}

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
  email: z.string().trim().toLowerCase().pipe(z.email("adresse e-mail invalide")).nullable().optional(),
  phone: z
    .string()
    .transform(normalizePhone)
    .pipe(z.string().regex(/^\+?\d{6,15}$/, "numéro de téléphone invalide"))
    .nullable()
    .optional(),
  city: optionalText(100),
  source: optionalText(60),
  ownerId: z.number().int().positive().nullable().optional(),
  heat: z.enum(HEATS).nullable().optional(),
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
