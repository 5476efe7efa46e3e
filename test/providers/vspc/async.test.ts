import { describe, expect, it } from "vitest";
import { asyncActionId } from "../../../providers/vspc/async";

describe("VSPC async action links", () => {
  it("takes the action id from the seed's /asyncAction/{id} and the generated clients' /asyncActions/{id}", () => {
    const id = "11111111-2222-4333-8444-555555555555";
    // Seed line 1232: "The Location header of the response contains a link to the /asyncAction/{asyncActionId} resource".
    expect(asyncActionId(`https://vspc:1280/api/v3/asyncAction/${id}`)).toBe(id);
    // Cenvora/veeam-spc veeam_spc/v3_6_1/api/async_actions/get_async_action_info.py: `/asyncActions/{action_id}`.
    expect(asyncActionId(`/api/v3/asyncActions/${id}`)).toBe(id);
    expect(asyncActionId(`/api/v3/asyncActions/${id}?x=1`)).toBe(id);
    expect(asyncActionId("/api/v3/organizations/companies")).toBeUndefined();
    expect(asyncActionId(undefined)).toBeUndefined();
  });
});
