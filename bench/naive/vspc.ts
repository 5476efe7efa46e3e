import { z } from "zod";
import { expectOk, naiveRequest } from "./http";

export interface NaiveVspcTarget {
  /** …/api/v3 */
  apiUrl: string;
  username: string;
  password: string;
  ca?: string;
}

const token = z.looseObject({ access_token: z.string().min(1) });
const company = z.looseObject({ data: z.looseObject({ instanceUid: z.string() }) });

/** A fresh password-grant token, then POST /organizations/companies (answered 200 by this emulator). */
export async function naiveCreateCompany(t: NaiveVspcTarget, name: string, owner: { userName: string; password: string }): Promise<string> {
  const form = new URLSearchParams({ grant_type: "password", username: t.username, password: t.password }).toString();
  const login = expectOk("VSPC token", await naiveRequest({ method: "POST", url: `${t.apiUrl}/token`, ca: t.ca, headers: { "content-type": "application/x-www-form-urlencoded" }, body: form }));
  const res = await naiveRequest({
    method: "POST",
    url: `${t.apiUrl}/organizations/companies`,
    ca: t.ca,
    headers: { authorization: `Bearer ${token.parse(login.body).access_token}`, "content-type": "application/json" },
    body: JSON.stringify({ organizationInput: { name }, ownerCredentials: owner }),
  });
  if (res.status !== 200) throw new Error(`naive VSPC company ${name}: HTTP ${res.status} (this client handles synchronous creates only)`);
  return company.parse(res.body).data.instanceUid;
}
