// The picked picture and its crop, shared by the photo tool and the profile's photo slot:
// the engine frames automatically first; the editor starts from the engine's crop and every
// gesture afterwards is sent as an exact rectangle until "auto" is pressed again.
import { computed, ref } from "vue";
import { backend } from "../../api";
import { BackendError } from "../../api/errors";
import type { PhotoSource } from "../../bindings/PhotoSource";
import { initial, toCropText, type Frame, type Rect } from "./cropGeometry";
import { readBase64 } from "./readFile";

/**
 * `rerun`: the caller's engine run, after a gesture or "auto". `specId`: the chosen photo spec,
 * when the caller lets the user choose one (its size and head band shape the editor's guide).
 */
export function useCropState(rerun: () => Promise<void>, specId: () => string | null = () => null) {
  const source = ref<{ name: string; data: string; url: string } | null>(null);
  /** The upright picture the editor draws on (null until decoded, or when it cannot be). */
  const picture = ref<PhotoSource | null>(null);
  const rect = ref<Rect | null>(null);
  /** What goes to the engine: `X,Y,W,H`, or "" for auto framing. */
  const crop = ref("");

  const frame = computed<Frame | null>(() =>
    picture.value
      ? {
          imageWidth: picture.value.width,
          imageHeight: picture.value.height,
          aspectWidth: picture.value.guide.aspectWidth,
          aspectHeight: picture.value.guide.aspectHeight,
        }
      : null,
  );

  /** `framed`: decode the picture for the editor too (scans are not framed). */
  async function load(file: File, framed = true) {
    if (source.value) URL.revokeObjectURL(source.value.url);
    source.value = { name: file.name, data: await readBase64(file), url: URL.createObjectURL(file) };
    crop.value = "";
    rect.value = null;
    picture.value = null;
    if (!framed) return;
    await decodeForEditor();
  }

  async function decodeForEditor() {
    if (!source.value) return;
    try {
      const id = specId();
      picture.value = await (await backend()).photoSource({ fileName: source.value.name, dataBase64: source.value.data, ...(id ? { specId: id } : {}) });
    } catch {
      // Unreadable pictures: the engine run that follows gives the bilingual reason.
      picture.value = null;
    }
  }

  /** The spec changed: the guide (aspect, head band) is the new spec's, framing back to auto. */
  async function respec() {
    if (!source.value) return;
    const framed = picture.value !== null;
    crop.value = "";
    rect.value = null;
    if (framed) await decodeForEditor();
    await rerun();
  }

  /** After an engine run: the editor shows the crop the engine used. */
  function adopt(report: { crop?: Rect | null } | null | undefined) {
    const used = report?.crop;
    if (used) rect.value = used;
    else if (!rect.value && frame.value) rect.value = initial(frame.value);
  }

  /** A gesture in the editor ended: run the engine on exactly that rectangle. */
  async function edited(next: Rect) {
    if (!frame.value) return;
    rect.value = next;
    crop.value = toCropText(next, frame.value);
    await rerun();
  }

  /** Back to face framing. */
  async function auto() {
    crop.value = "";
    await rerun();
  }

  /**
   * The picture for an engine run: once the editor opened it, its token (the app keeps it
   * decoded, so a gesture sends no file); `withFile` for the retry when the app has closed it.
   */
  function pictureArgs(withFile = false) {
    const token = withFile ? null : (picture.value?.sourceToken ?? null);
    return { fileName: source.value?.name ?? "", dataBase64: token === null ? (source.value?.data ?? "") : "", sourceToken: token };
  }

  /** Runs `call` with the picture's token, and once more with the file if the app closed it. */
  async function withPicture<T>(call: (args: ReturnType<typeof pictureArgs>) => Promise<T>): Promise<T> {
    try {
      return await call(pictureArgs());
    } catch (e) {
      if (e instanceof BackendError && e.detail.code === "picture_closed") return call(pictureArgs(true));
      throw e;
    }
  }

  return { source, picture, rect, crop, load, adopt, edited, auto, respec, withPicture };
}
