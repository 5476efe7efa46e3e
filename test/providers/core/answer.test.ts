import { describe, expect, it } from "vitest";
import { z } from "zod";
import { UnexpectedAnswerError, parseAnswer } from "../../../providers/core/answer";
import { registerSecret } from "../../../providers/core/redact";

const paged = z.looseObject({ data: z.looseObject({ total_size: z.number(), data: z.array(z.looseObject({ id: z.string() })) }) });

describe("parseAnswer", () => {
  it("returns the parsed body when the shape matches", () => {
    expect(parseAnswer("SCP", "GET /images", paged, { data: { total_size: 1, data: [{ id: "a" }] } }).data.data[0]?.id).toBe("a");
  });

  it("fails with one line naming the request, the field and what was expected", () => {
    const thrown = (() => {
      try {
        parseAnswer("Sangfor Cloud Platform", "GET /janus/20180725/images", paged, { data: [{ id: "a" }] });
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(UnexpectedAnswerError);
    const message = (thrown as Error).message;
    expect(message).toBe("Sangfor Cloud Platform answered GET /janus/20180725/images with an unexpected shape: data: Invalid input: expected object, received array");
    expect(message).not.toContain("\n");
  });

  it("names nested array positions and counts the other mismatches", () => {
    expect(() => parseAnswer("V", "GET /x", paged, { data: { total_size: "2", data: [{ id: 1 }] } })).toThrow(
      "V answered GET /x with an unexpected shape: data.total_size: Invalid input: expected number, received string (and 1 more)",
    );
    expect(() => parseAnswer("V", "GET /x", z.array(z.looseObject({ id: z.string() })), [{ id: "a" }, {}])).toThrow("[1].id: Invalid input: expected string, received undefined");
  });

  it("says 'the body' when the whole answer is of the wrong kind, and redacts secrets", () => {
    registerSecret("s3cret-in-answer");
    expect(() => parseAnswer("V", "POST /token?x=s3cret-in-answer", paged, "oops")).toThrow("V answered POST /token?x=[redacted] with an unexpected shape: the body: Invalid input: expected object, received string");
  });
});
