//! HEIC/HEIF (the iPhone default) through the system libheif, loaded with `dlopen` the first
//! time a HEIC arrives. Linking it instead made every process pay libheif's codecs' start-up
//! (libde265, x265, aom, dav1d: `regdesk --version` took 12.5 ms linked, 4.8 ms without — most of
//! it) and made the binary refuse to start on a machine without libheif. Without the
//! library a HEIC gets the usual "export it as JPEG" hint. Twelve functions of libheif's
//! stable C API (libheif ≥ 1.13) are used; libheif applies the container's rotation and
//! mirroring (irot/imir), which is where HEIF keeps orientation.

use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;
use std::sync::OnceLock;

use image::RgbImage;
use libloading::Library;

use crate::decode::{check_pixels, Decoded};
use crate::error::PhotoError;

/// Where the platforms' packages put libheif.
const NAMES: &[&str] = if cfg!(target_os = "windows") {
    &["heif.dll", "libheif.dll"]
} else if cfg!(target_os = "macos") {
    &[
        "libheif.1.dylib",
        "/opt/homebrew/lib/libheif.1.dylib",
        "/usr/local/lib/libheif.1.dylib",
    ]
} else {
    &["libheif.so.1"]
};

// From libheif's heif.h (stable since 1.0).
const COLORSPACE_RGB: c_int = 1;
const CHROMA_INTERLEAVED_RGB: c_int = 10;
const CHANNEL_INTERLEAVED: c_int = 10;

#[repr(C)]
struct HeifError {
    code: c_int,
    subcode: c_int,
    message: *const c_char,
}

type Ctx = *mut c_void;
type Handle = *mut c_void;
type Image = *mut c_void;

struct Api {
    context_alloc: unsafe extern "C" fn() -> Ctx,
    context_free: unsafe extern "C" fn(Ctx),
    read_from_memory: unsafe extern "C" fn(Ctx, *const c_void, usize, *const c_void) -> HeifError,
    primary_handle: unsafe extern "C" fn(Ctx, *mut Handle) -> HeifError,
    handle_release: unsafe extern "C" fn(Handle),
    handle_width: unsafe extern "C" fn(Handle) -> c_int,
    handle_height: unsafe extern "C" fn(Handle) -> c_int,
    decode_image:
        unsafe extern "C" fn(Handle, *mut Image, c_int, c_int, *const c_void) -> HeifError,
    image_release: unsafe extern "C" fn(Image),
    plane: unsafe extern "C" fn(Image, c_int, *mut c_int) -> *const u8,
    image_width: unsafe extern "C" fn(Image, c_int) -> c_int,
    image_height: unsafe extern "C" fn(Image, c_int) -> c_int,
    /// Kept loaded for the process's life: the function pointers above point into it.
    _lib: Library,
}

/// Loads libheif from `names` (the first that opens) and resolves the functions used.
fn load(names: &[&str]) -> Result<Api, String> {
    let lib = names
        .iter()
        // SAFETY: libheif's initialisers are ordinary C++ static constructors.
        .find_map(|n| unsafe { Library::new(n) }.ok())
        .ok_or_else(|| format!("libheif not found ({})", names.join(", ")))?;
    macro_rules! sym {
        ($name:literal) => {
            // SAFETY: the declared signature is the one in libheif's heif.h.
            *unsafe { lib.get(concat!($name, "\0").as_bytes()) }
                .map_err(|e| format!("libheif lacks {}: {e}", $name))?
        };
    }
    // heif_init loads libheif's plugins (1.14+); older versions have none to load.
    if let Ok(init) =
        unsafe { lib.get::<unsafe extern "C" fn(*const c_void) -> HeifError>(b"heif_init\0") }
    {
        // SAFETY: a null parameter block is documented as "defaults".
        let _ = unsafe { init(ptr::null()) };
    }
    Ok(Api {
        context_alloc: sym!("heif_context_alloc"),
        context_free: sym!("heif_context_free"),
        read_from_memory: sym!("heif_context_read_from_memory_without_copy"),
        primary_handle: sym!("heif_context_get_primary_image_handle"),
        handle_release: sym!("heif_image_handle_release"),
        handle_width: sym!("heif_image_handle_get_width"),
        handle_height: sym!("heif_image_handle_get_height"),
        decode_image: sym!("heif_decode_image"),
        image_release: sym!("heif_image_release"),
        plane: sym!("heif_image_get_plane_readonly"),
        image_width: sym!("heif_image_get_width"),
        image_height: sym!("heif_image_get_height"),
        _lib: lib,
    })
}

fn api() -> Result<&'static Api, PhotoError> {
    static API: OnceLock<Result<Api, String>> = OnceLock::new();
    API.get_or_init(|| load(NAMES))
        .as_ref()
        .map_err(|e| missing_library(e))
}

fn missing_library(e: &str) -> PhotoError {
    PhotoError::Unsupported(format!(
        "HEIC 需要系统的 libheif（{e}）：请在手机上导出为 JPEG 后再试 / HEIC needs the system's libheif ({e}): export the photo as JPEG"
    ))
}

fn message(e: &HeifError) -> String {
    if e.message.is_null() {
        return format!("error {}.{}", e.code, e.subcode);
    }
    // SAFETY: libheif's messages are static NUL-terminated strings.
    unsafe { CStr::from_ptr(e.message) }
        .to_string_lossy()
        .into_owned()
}

/// Releases what libheif allocated, however decoding ends.
struct Guard<'a> {
    api: &'a Api,
    ctx: Ctx,
    handle: Handle,
    image: Image,
}

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        // SAFETY: each pointer is null or was returned by libheif and is released once.
        unsafe {
            if !self.image.is_null() {
                (self.api.image_release)(self.image);
            }
            if !self.handle.is_null() {
                (self.api.handle_release)(self.handle);
            }
            (self.api.context_free)(self.ctx);
        }
    }
}

pub fn decode_heif(bytes: &[u8]) -> Result<Decoded, PhotoError> {
    decode_with(api()?, bytes)
}

fn decode_with(api: &Api, bytes: &[u8]) -> Result<Decoded, PhotoError> {
    let unreadable = |e: &HeifError| {
        PhotoError::Unreadable(format!(
            "HEIC 文件损坏（{}），可在手机上导出为 JPEG / damaged HEIC ({}); try exporting it as JPEG",
            message(e),
            message(e)
        ))
    };
    // SAFETY: the context only reads `bytes`, which outlive it (the guard drops first).
    let mut g = Guard {
        api,
        ctx: unsafe { (api.context_alloc)() },
        handle: ptr::null_mut(),
        image: ptr::null_mut(),
    };
    if g.ctx.is_null() {
        return Err(PhotoError::Unreadable("libheif: no context".into()));
    }
    let e =
        unsafe { (api.read_from_memory)(g.ctx, bytes.as_ptr().cast(), bytes.len(), ptr::null()) };
    if e.code != 0 {
        return Err(unreadable(&e));
    }
    let e = unsafe { (api.primary_handle)(g.ctx, &mut g.handle) };
    if e.code != 0 || g.handle.is_null() {
        return Err(unreadable(&e));
    }
    // SAFETY: a valid handle.
    let (hw, hh) = unsafe { ((api.handle_width)(g.handle), (api.handle_height)(g.handle)) };
    check_pixels(hw.max(0) as u32, hh.max(0) as u32)?;
    let e = unsafe {
        (api.decode_image)(
            g.handle,
            &mut g.image,
            COLORSPACE_RGB,
            CHROMA_INTERLEAVED_RGB,
            ptr::null(),
        )
    };
    if e.code != 0 || g.image.is_null() {
        return Err(PhotoError::Unsupported(format!(
            "HEIC 无法解码（{}）：请在手机上导出为 JPEG 后再试 / HEIC could not be decoded ({}): export the photo as JPEG",
            message(&e),
            message(&e)
        )));
    }
    let mut stride: c_int = 0;
    // SAFETY: a decoded interleaved-RGB image; the plane lives until the image is released.
    let (data, w, h) = unsafe {
        (
            (api.plane)(g.image, CHANNEL_INTERLEAVED, &mut stride),
            (api.image_width)(g.image, CHANNEL_INTERLEAVED),
            (api.image_height)(g.image, CHANNEL_INTERLEAVED),
        )
    };
    if data.is_null() || w <= 0 || h <= 0 || (stride as i64) < i64::from(w) * 3 {
        return Err(PhotoError::Unreadable("HEIC without an RGB plane".into()));
    }
    let (w, h, stride) = (w as usize, h as usize, stride as usize);
    check_pixels(w as u32, h as u32)?;
    // SAFETY: libheif guarantees `stride * height` readable bytes for the plane.
    let plane = unsafe { std::slice::from_raw_parts(data, stride * h) };
    let mut rgb = Vec::with_capacity(w * 3 * h);
    for row in plane.chunks_exact(stride) {
        // A stride shorter than a row leaves the buffer short: from_raw below refuses it.
        rgb.extend_from_slice(row.get(..w * 3).unwrap_or_default());
    }
    let rgb = RgbImage::from_raw(w as u32, h as u32, rgb)
        .ok_or_else(|| PhotoError::Unreadable("pixel buffer size".into()))?;
    Ok(Decoded {
        rgb,
        full_width: w as u32,
        full_height: h as u32,
        scale: 1.0,
        format: "heic",
        // libheif hands over pixels in the file's colour space; HEIC colour profiles (nclx or
        // ICC) are not read yet, so iPhone HEICs are taken as sRGB like untagged files.
        icc: None,
        transparent: false,
        origin: (0.0, 0.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_library_is_an_unsupported_format_with_the_jpeg_hint() {
        let e = load(&["libheif-that-does-not-exist.so.9"])
            .err()
            .expect("no such library");
        let err = missing_library(&e);
        assert!(matches!(err, PhotoError::Unsupported(_)));
        let text = err.to_string();
        assert!(
            text.contains("JPEG") && text.contains("libheif-that-does-not-exist"),
            "{text}"
        );
    }

    #[test]
    fn the_system_library_decodes_the_fixture_upright() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/portrait.heic"
        ))
        .unwrap();
        let d = decode_heif(&bytes).expect("libheif1 is installed by scripts/setup.sh");
        assert_eq!((d.full_width, d.full_height), (640, 760));
        assert_eq!(d.format, "heic");
    }

    #[test]
    fn garbage_after_a_heic_brand_is_unreadable_not_a_crash() {
        let mut bytes = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
        bytes.extend([0xAB; 200]);
        assert!(decode_heif(&bytes).is_err());
    }
}
