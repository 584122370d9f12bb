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
