import { describe, expect, it } from "vitest";
import { BackendError } from "../../api/errors";
import { useCropState } from "./cropState";

const guide = { aspectWidth: 260, aspectHeight: 360, crownMarginTarget: 0.08, headRatioMin: 0.6, headRatioTarget: 0.667, headRatioMax: 0.75, centreTolerance: 0.06 };

describe("the picture an engine run names", () => {
  it("is the app's token once open, and the file again when the app has closed it", async () => {
    const state = useCropState(async () => {});
    state.source.value = { name: "me.jpg", data: "QUJD", url: "blob:x" };
    state.picture.value = { sourceToken: 7, width: 640, height: 760, previewBase64: "", guide };
    const sent: unknown[] = [];
    const result = await state.withPicture(async (args) => {
      sent.push(args);
      if (args.sourceToken !== null) {
        throw new BackendError({ code: "picture_closed", message: "图片已关闭，请重新选择", messageEn: "the picture is no longer open; pick it again", field: "sourceToken" });
      }
      return "made";
    });
    expect(result).toBe("made");
    expect(sent).toEqual([
      { fileName: "me.jpg", dataBase64: "", sourceToken: 7 },
      { fileName: "me.jpg", dataBase64: "QUJD", sourceToken: null },
    ]);
  });

  it("does not retry other failures", async () => {
    const state = useCropState(async () => {});
    state.source.value = { name: "me.jpg", data: "QUJD", url: "blob:x" };
    state.picture.value = { sourceToken: 3, width: 640, height: 760, previewBase64: "", guide };
    let calls = 0;
    const failing = state.withPicture(async () => {
      calls += 1;
      throw new BackendError({ code: "invalid_input", message: "坏", messageEn: "bad", field: "crop" });
    });
    await expect(failing).rejects.toBeInstanceOf(BackendError);
    expect(calls).toBe(1);
  });
});
