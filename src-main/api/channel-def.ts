import { z } from 'zod';
import type { Access } from './access';
import { characterCount, hasBidiControls, stripBidiControls } from './input-text';

/** One channel of the contract: who may call it, the schema its input must pass and (as a phantom) its result type. */
export interface ChannelDef<Input extends z.ZodType, Output, A extends Access = Access> {
  access: A;
  input: Input;
  /** Phantom: carries the result type only; never read at run time. */
  output: Output;
}

/** `channel<Result>()(access, inputSchema)`: every channel states who may call it; there is no default. */
export function channel<Output>() {
  return <A extends Access, Input extends z.ZodType>(access: A, input: Input): ChannelDef<Input, Output, A> => ({
    access,
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

/**
 * Free text, trimmed, with a length limit counted in characters as people count them (𠮷 is one, not two UTF-16
 * units); the `.max` on UTF-16 units is the hard bound no payload can pass (two units at most per character).
 * Invisible text-direction controls are removed (input-text.ts): they would make the text show as something else.
 */
export const text = (max: number) =>
  z
    .string()
    .overwrite(stripBidiControls)
    .trim()
    .max(max * 2, `不能超过 ${max} 个字符`)
    .refine((value) => characterCount(value) <= max, `不能超过 ${max} 个字符`);
export const requiredText = (max: number) => text(max).min(1, '不能为空');

/**
 * A name (of a unit, a file): like `requiredText`, but a name carrying text-direction controls is refused, not
 * silently changed, since it would no longer be the name the user typed.
 */
export const nameText = (max: number) =>
  z
    .string()
    .max(max * 2, `不能超过 ${max} 个字符`)
    .refine((value) => !hasBidiControls(value), '不能包含看不见的文字方向控制字符（如 U+202E），请重新输入')
    .pipe(requiredText(max));

/** A domain's part of the contract: channel name → definition. `contract.ts` joins the parts. */
export type ChannelGroup = Record<string, ChannelDef<z.ZodType, unknown>>;
