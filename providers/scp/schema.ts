import { z } from "zod";

/** SCP's `{code | errcode, message, data}` envelope (erelbi/sangfor-scp `sangfor_scp/client.py` `_handle_response`). */
export const envelope = <T extends z.ZodType>(data: T) => z.looseObject({ data });
