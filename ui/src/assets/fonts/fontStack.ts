// The one font stack of the UI (the page and Naive UI's theme). The bundled CJK subset comes
// first: its unicode-range covers only CJK, so Latin text still takes the system UI font, and
// a Chinese character it lacks falls back to the usual system CJK fonts after it.
export const BUNDLED_CJK_FAMILY = "RegDesk Sans SC";

export const FONT_STACK = [
  `"${BUNDLED_CJK_FAMILY}"`,
  "system-ui",
  "-apple-system",
  '"Segoe UI"',
  '"PingFang SC"',
  '"Microsoft YaHei"',
  '"Noto Sans CJK SC"',
  '"Source Han Sans SC"',
  '"WenQuanYi Micro Hei"',
  "sans-serif",
].join(", ");
