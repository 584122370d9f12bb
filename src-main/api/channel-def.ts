import { z } from 'zod';

/** One channel of the contract: the schema its input must pass and (as a phantom) the type it returns. */
export interface ChannelDef<Input extends z.ZodType, Output> {
  input: Input;
  /** Phantom: carries the result type only; never read at run time. */
  output: Output;
}

export function channel<Output>() {
  return <Input extends z.ZodType>(input: Input): ChannelDef<Input, Output> => ({
    input,
    output: undefined as Output,
  });
}

/** A row id as the database hands them out. */
export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A calendar date as YYYY-MM-DD that exists (no 2025-02-30). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/u, '日期格式应为 YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), '不是有效的日期');

/** Free text, trimmed, with a length limit so no payload can be arbitrarily large. */
export const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字符`);
export const requiredText = (max: number) => text(max).min(1, '不能为空');
