//! ONNX Runtime for the segmentation network, when the app ships its library: about 2.2× faster
//! than tract on u2netp (132 against 291 ms at 160 px, one thread), which is what makes the
//! white background affordable in batches. The library is found at run time
//! (`REGDESK_ONNXRUNTIME`, else beside the executable, else `../lib/regdesk/` from it, where
//! the .deb puts it); without it tract runs the same model and nothing else changes.

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::OnceLock;

use ort::environment::Environment;
use ort::session::Session;
use ort::value::Tensor;

/// `libonnxruntime.so` on Linux, `onnxruntime.dll` on Windows, `libonnxruntime.dylib` on macOS.
fn library_name() -> String {
    use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
    format!("{DLL_PREFIX}onnxruntime{DLL_SUFFIX}")
}

/// The library to load, if one is there.
pub fn library() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("REGDESK_ONNXRUNTIME") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?;
    let name = library_name();
    [dir.join(&name), dir.join("../lib/regdesk").join(&name)]
        .into_iter()
        .find(|p| p.is_file())
}

static ENVIRONMENT: OnceLock<Option<Environment>> = OnceLock::new();

/// The process's ONNX Runtime environment, `None` when the library is absent or unusable.
fn environment() -> Option<&'static Environment> {
    ENVIRONMENT
        .get_or_init(|| {
            let path = library()?;
            ort::init_from(&path)
                .ok()?
                .with_name("regdesk")
                .build()
                .ok()
        })
        .as_ref()
}

/// Whether the network runs on ONNX Runtime in this process.
pub fn available() -> bool {
    environment().is_some()
}

thread_local! {
    // `Session::run` needs the session to itself: one per thread (a batch runs one per core).
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// Runs `model` on a 1×3×`side`×`side` input; the first output's values. Call when
/// [`available`] (the caller uses tract otherwise).
pub fn run(model: &[u8], side: usize, input: Vec<f32>) -> Result<Vec<f32>, String> {
    let env = environment().ok_or("ONNX Runtime is not loaded")?;
    SESSION.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            // No memory arena and no memory pattern: they keep the largest buffers of every
            // run for the next, and the batch's peak memory is what its workers hold.
            let cpu = ort::ep::CPU::default().with_arena_allocator(false).build();
            let session = Session::builder(env)
                .map_err(|e| e.to_string())?
                .with_execution_providers([cpu])
                .map_err(|e| e.to_string())?
                .with_memory_pattern(false)
                .map_err(|e| e.to_string())?
                .with_intra_threads(1)
                .map_err(|e| e.to_string())?
                .commit_from_memory(model)
                .map_err(|e| e.to_string())?;
            *slot = Some(session);
        }
        let Some(session) = slot.as_mut() else {
            return Err("no session".to_owned());
        };
        let tensor = Tensor::from_array(([1usize, 3, side, side], input.into_boxed_slice()))
            .map_err(|e| e.to_string())?;
        let outputs = session
            .run(ort::inputs![tensor])
            .map_err(|e| e.to_string())?;
        let (_, values) = outputs[0]
            .try_extract_tensor::<f32>()
            .map_err(|e| e.to_string())?;
        Ok(values.to_vec())
    })
}
