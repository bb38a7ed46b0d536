//! Everything that differs between operating systems, in one place per concern, so the other
//! crates carry no `cfg(windows)`/`cfg(unix)` of their own. Linux behaviour is the reference:
//! each function documents what it does there and what the other systems get instead.

pub mod console;
pub mod fs;
pub mod notice;
pub mod paths;
pub mod shutdown;
