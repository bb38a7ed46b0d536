//! Who did something: every audit row names its actor (SPEC §6).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A local operator account, by id.
    Operator(i64),
    /// The command-line tool, run by an OS user.
    Cli(String),
    /// The desktop app before an operator account exists (first start).
    Desktop(String),
}

impl Actor {
    /// The CLI actor for the current OS user.
    pub fn cli() -> Self {
        Actor::Cli(os_user())
    }

    pub fn desktop() -> Self {
        Actor::Desktop(os_user())
    }
}

fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Operator(id) => write!(f, "operator:{id}"),
            Actor::Cli(user) => write!(f, "cli:{user}"),
            Actor::Desktop(user) => write!(f, "desktop:{user}"),
        }
    }
}
