//! The live progress line of a long statement: objects and bytes read out
//! of what its scans will read, on standard error, rewritten in place.
//!
//! It appears only after the statement has run for a while (a second by
//! default; `QUARRY_PROGRESS_DELAY_MS` changes it), only when standard
//! error is a terminal, and is erased before anything else is printed.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use quarry_engine::{IoSnapshot, IoStats, ToRead, human_bytes};

/// How often the line is redrawn.
const TICK: Duration = Duration::from_millis(200);

/// Shown while alive; erased when dropped.
pub struct Progress {
    shown: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Default)]
struct State {
    visible: bool,
    stopped: bool,
}

impl Progress {
    /// Starts the line for a statement reading `to_read`, counted in `io`,
    /// submitted at `started`; `None` when standard error is not a terminal.
    pub fn start(io: Arc<IoStats>, to_read: ToRead, started: Instant) -> Option<Self> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let delay = std::env::var("QUARRY_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(Duration::from_secs(1), Duration::from_millis);
        let shown = Arc::new(Mutex::new(State::default()));
        let state = Arc::clone(&shown);
        let task = tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            loop {
                {
                    let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
                    if s.stopped {
                        return;
                    }
                    let line = progress_text(&io.snapshot(), to_read, started.elapsed());
                    let mut err = std::io::stderr().lock();
                    let _ = write!(err, "\r\x1b[2K{line}");
                    let _ = err.flush();
                    s.visible = true;
                }
                tokio::time::sleep(TICK).await;
            }
        });
        Some(Self { shown, task })
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        let mut s = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        s.stopped = true;
        if s.visible {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
        self.task.abort();
    }
}

/// The text of the line: what has been read, of what is known to be read,
/// and for how long the statement has run.
pub fn progress_text(io: &IoSnapshot, to_read: ToRead, elapsed: Duration) -> String {
    let mut parts = Vec::new();
    let objects = io.objects_read.len() as u64;
    if to_read.objects > 0 {
        parts.push(format!(
            "{}/{} objects",
            objects.min(to_read.objects),
            to_read.objects
        ));
        let percent = (io.bytes_read.min(to_read.bytes) * 100)
            .checked_div(to_read.bytes)
            .unwrap_or(0);
        parts.push(format!(
            "{} of {} ({percent}%)",
            human_bytes(io.bytes_read),
            human_bytes(to_read.bytes)
        ));
    } else if io.bytes_read > 0 {
        parts.push(format!("{} read", human_bytes(io.bytes_read)));
    }
    parts.push(format!("{:.1} s", elapsed.as_secs_f64()));
    format!("running · {} · Ctrl-C cancels", parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_and_bytes_out_of_the_known_total() {
        let mut io = IoSnapshot {
            bytes_read: 3 << 20,
            ..IoSnapshot::default()
        };
        io.objects_read.insert("s3://b/1".into());
        io.objects_read.insert("s3://b/2".into());
        let to_read = ToRead {
            objects: 8,
            bytes: 12 << 20,
        };
        assert_eq!(
            progress_text(&io, to_read, Duration::from_millis(2500)),
            "running · 2/8 objects · 3.0 MB of 12.0 MB (25%) · 2.5 s · Ctrl-C cancels"
        );
    }

    #[test]
    fn without_file_scans_only_the_time() {
        assert_eq!(
            progress_text(
                &IoSnapshot::default(),
                ToRead::default(),
                Duration::from_secs(3)
            ),
            "running · 3.0 s · Ctrl-C cancels"
        );
    }

    #[test]
    fn reads_beyond_the_plan_do_not_pass_the_total() {
        // Footer re-reads and listings can read more than the objects' sizes.
        let io = IoSnapshot {
            bytes_read: 20,
            ..IoSnapshot::default()
        };
        let to_read = ToRead {
            objects: 1,
            bytes: 10,
        };
        assert!(progress_text(&io, to_read, Duration::ZERO).contains("(100%)"));
    }
}
