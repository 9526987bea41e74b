//! `\i file.sql`: run a file's statements and meta-commands.

use super::Result;
use crate::shell::Shell;

/// How deep files may include files: enough for any real use, and a stop
/// for a file that includes itself.
const MAX_DEPTH: usize = 16;

/// `~/x` as the home directory's `x`.
pub fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest).display().to_string(),
        _ => path.to_string(),
    }
}

/// Runs `file` as if its lines were typed.
pub async fn run(shell: &mut Shell, file: &str) -> Result {
    if file.is_empty() {
        return Err("\\i needs a file name".into());
    }
    if shell.include_depth >= MAX_DEPTH {
        return Err(format!(
            "{file}: files include each other more than {MAX_DEPTH} deep"
        ));
    }
    let path = expand_home(file);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
    shell.include_depth += 1;
    let control = Box::pin(shell.run_input(&text)).await;
    shell.include_depth -= 1;
    Ok(control)
}
