import * as pulumi from "@pulumi/pulumi";
import { captureRegistrations } from "../harness/capture";
import type { Subject } from "./subjects";

/** Each resource type's serialised `__provider`, exactly as a program registers it (under setMocks). */
export async function captureProviderTexts(list: readonly Pick<Subject, "type" | "declare">[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const s of list) {
    if (texts.has(s.type)) continue;
    const [registration] = await captureRegistrations(pulumi, s.declare);
    if (!registration?.providerText) throw new Error(`${s.type}: no __provider was registered`);
    texts.set(s.type, registration.providerText);
  }
  return texts;
}
