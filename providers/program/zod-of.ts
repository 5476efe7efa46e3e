import type { z } from "zod";
import type { Schema } from "./schema";

/** The zod schema behind a descriptor's `Schema` (every one is a zod schema; only the declarations hide it). */
export const zodOf = <In, Out>(schema: Schema<In, Out>): z.ZodType<Out, In> => schema as unknown as z.ZodType<Out, In>;
