import { z } from "zod";
import { timeoutsSchema } from "../core/duration";
import { scpConnection } from "./connection";

export const common = { timeouts: timeoutsSchema.optional(), connection: scpConnection.schema.optional() };

/** SCP's `{code | errcode, message, data}` envelope (erelbi/sangfor-scp `sangfor_scp/client.py` `_handle_response`). */
export const envelope = <T extends z.ZodType>(data: T) => z.looseObject({ data });
