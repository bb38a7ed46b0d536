//! ONNX Runtime for the segmentation network, when the app ships its library: about 2.2× faster
//! than tract on u2netp (132 against 291 ms at 160 px, one thread), which is what makes the
//! white background affordable in batches. The library is found at run time
//! (`REGDESK_ONNXRUNTIME`, else beside the executable, else `../lib/regdesk/` from it, where
//! the .deb puts it); without it tract runs the same model and nothing else changes.

use std::path::PathBuf;
use std::sync::{mpsc, OnceLock};

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

/// One network run asked of the segmentation thread: the input, and where the values go.
struct Job {
    model: &'static [u8],
    side: usize,
    input: Vec<f32>,
    reply: mpsc::Sender<Result<Vec<f32>, String>>,
}

static QUEUE: OnceLock<mpsc::Sender<Job>> = OnceLock::new();

/// Runs `model` on a 1×3×`side`×`side` input; the first output's values. Call when
/// [`available`] (the caller uses tract otherwise).
///
/// Every run happens on one thread that owns the process's only session, one run at a time
/// (a thread the first run starts). A run's activations peak at ~60 MB and stay reserved for
/// the next; with a session per batch worker a batch held that, and the session's own ~16 MB,
/// once per core (a 100-photo batch of 12 MP photos peaked at 350–370 MB on two cores, now
/// 200–210 MB, 7–18 % slower: README, "white background, memory").
pub fn run(model: &'static [u8], side: usize, input: Vec<f32>) -> Result<Vec<f32>, String> {
    let env = environment().ok_or("ONNX Runtime is not loaded")?;
    let queue = QUEUE.get_or_init(|| {
        let (send, receive) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("segmentation".into())
            .spawn(move || serve(env, receive))
            .ok();
        send
    });
    let (reply, answer) = mpsc::channel();
    let job = Job {
        model,
        side,
        input,
        reply,
    };
    queue
        .send(job)
        .map_err(|_| "the segmentation thread stopped".to_owned())?;
    answer
        .recv()
        .map_err(|_| "the segmentation thread stopped".to_owned())?
}

fn serve(env: &'static Environment, jobs: mpsc::Receiver<Job>) {
    let mut session: Option<Session> = None;
    for job in jobs {
        let result = match &mut session {
            Some(s) => infer(s, job.side, job.input),
            None => match open(env, job.model) {
                Ok(s) => infer(session.insert(s), job.side, job.input),
                Err(e) => Err(e),
            },
        };
        // The asker may have given up; nothing to do then.
        let _ = job.reply.send(result);
    }
}

fn open(env: &Environment, model: &[u8]) -> Result<Session, String> {
    // ONNX Runtime's own memory arena: the thread's runs reuse its blocks. Without it the C
    // allocator's arena of the thread fragmented (a 100-photo batch peaked 48–50 MB higher
    // and ran 2–6 % slower); the memory pattern on top only added (+44 MB on 10 photos).
    let cpu = ort::ep::CPU::default().with_arena_allocator(true).build();
    Session::builder(env)
        .map_err(|e| e.to_string())?
        .with_execution_providers([cpu])
        .map_err(|e| e.to_string())?
        .with_memory_pattern(false)
        .map_err(|e| e.to_string())?
        .with_intra_threads(1)
        .map_err(|e| e.to_string())?
        .commit_from_memory(model)
        .map_err(|e| e.to_string())
}

fn infer(session: &mut Session, side: usize, input: Vec<f32>) -> Result<Vec<f32>, String> {
    let tensor = Tensor::from_array(([1usize, 3, side, side], input.into_boxed_slice()))
        .map_err(|e| e.to_string())?;
    let outputs = session
        .run(ort::inputs![tensor])
        .map_err(|e| e.to_string())?;
    let (_, values) = outputs[0]
        .try_extract_tensor::<f32>()
        .map_err(|e| e.to_string())?;
    Ok(values.to_vec())
}
