//! Fitting text output to the terminal: lines cut at its width with a
//! marker, and long output handed to a pager.

use std::io::Write;
use std::process::{Command, Stdio};

/// What marks a line that was cut.
pub const CUT_MARKER: char = '…';

/// Cuts every line of `text` longer than `width` characters to `width`,
/// its last character replaced by [`CUT_MARKER`]. Returns whether any line
/// was cut.
pub fn cut_lines(text: &str, width: usize) -> (String, bool) {
    let width = width.max(2);
    let mut out = String::with_capacity(text.len());
    let mut cut = false;
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        if body.chars().count() > width {
            out.extend(body.chars().take(width - 1));
            out.push(CUT_MARKER);
            cut = true;
        } else {
            out.push_str(body);
        }
        out.push_str(newline);
    }
    (out, cut)
}

/// The pager to use: `PAGER` if set (empty means none), else `less` with
/// options that keep short output on screen and colours intact.
pub fn pager_command(pager_env: Option<String>) -> Option<String> {
    match pager_env {
        Some(p) if p.trim().is_empty() => None,
        Some(p) => Some(p),
        None => Some("less -FRSX".to_string()),
    }
}

/// Shows `text` through `pager` (a shell command line). Returns false if the
/// pager could not be started, so the caller prints the text itself.
pub fn page(pager: &str, text: &str) -> bool {
    let child = Command::new("sh")
        .arg("-c")
        .arg(pager)
        .stdin(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // The pager may quit before reading everything (q in less): fine.
        let _ = stdin.write_all(text.as_bytes());
    }
    child.wait().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_long_lines_are_cut_with_a_marker() {
        let (text, cut) = cut_lines("+-----+\n| abcdefgh |\nok\n", 7);
        assert_eq!(text, "+-----+\n| abcd…\nok\n");
        assert!(cut);
        let (text, cut) = cut_lines("short\nlines", 10);
        assert_eq!(text, "short\nlines");
        assert!(!cut);
    }

    #[test]
    fn widths_count_characters_not_bytes() {
        let (text, cut) = cut_lines("日本語のログ", 6);
        assert_eq!(text, "日本語のログ");
        assert!(!cut);
    }

    #[test]
    fn pager_follows_the_environment() {
        assert_eq!(pager_command(Some("more".into())).as_deref(), Some("more"));
        assert_eq!(pager_command(Some(" ".into())), None);
        assert_eq!(pager_command(None).as_deref(), Some("less -FRSX"));
    }
}
