import { describe, expect, it } from "vitest";
import { nextTick } from "vue";
import { createFakeBackend } from "../../api/fake";
import { problemsByField, useIdentityForm } from "./identityForm";

const valid = { name: "王芳", gender: "female", idNumber: "11010519491231002X", mobile: "13900001111", email: "wf@example.com" };
const settle = () => new Promise((r) => setTimeout(r, 5));

describe("identity form", () => {
  it("groups problems by field", () => {
    const p = (field: string) => ({ field, code: "field.required" as const, severity: "error" as const, messageZh: "", messageEn: "" });
    expect(Object.keys(problemsByField([p("name"), p("email"), p("name")]))).toEqual(["name", "email"]);
    expect(problemsByField([p("name"), p("name")]).name).toHaveLength(2);
  });

  it("shows problems only on touched fields, then every field after a failed submit", async () => {
    const backend = createFakeBackend();
    const form = useIdentityForm(async () => backend, 0);
    form.input.idNumber = "123";
    await nextTick();
    await settle();
    expect(form.visible.value.idNumber?.[0]?.code).toBe("id_number.length");
    expect(form.visible.value.name).toBeUndefined();
    const result = await form.submit();
    expect(result.added).toBe(false);
    expect(form.visible.value.name?.[0]?.code).toBe("field.required");
  });

  it("clears the form after a successful registration and refuses a duplicate", async () => {
    const backend = createFakeBackend();
    const form = useIdentityForm(async () => backend, 0);
    Object.assign(form.input, valid);
    expect((await form.submit()).added).toBe(true);
    expect(form.input.name).toBe("");
    expect(await backend.listCandidates()).toHaveLength(1);
    Object.assign(form.input, valid);
    const again = await form.submit();
    expect(again.issues[0]?.code).toBe("candidate.exists");
    expect(form.input.name).toBe("王芳");
  });
});
