import { z } from 'zod';

/** Ordered from least to most serious; scoring weights per severity live in rules/policy.yaml. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;
