//! The interactive shell in a real pseudo-terminal, typed at as a person
//! would: completion of a table and a column, a meta-command, a statement
//! over two lines, the statistics line, the progress line of a long
//! statement, and Ctrl-C cancelling it with the prompt back at once.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::*;
use expectrl::process::Healthcheck;
use expectrl::{ControlCode, Expect, Regex, Session};

const PROMPT: &str = "quarry> ";

struct Shell {
    session: expectrl::session::OsSession,
    _home: tempfile::TempDir,
}

fn shell() -> Shell {
    let home = tempfile::tempdir().expect("tmp home");
    let history = home.path().join("history");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quarry"));
    cmd.env("HOME", home.path())
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env("PAGER", "")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent/quarry-test/config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/quarry-test/credentials",
        )
        .env("QUARRY_CATALOG", fresh_catalog())
        .env("QUARRY_HISTORY", &history);
    let mut session = Session::spawn(cmd).expect("spawn quarry in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session.expect(PROMPT).expect("the prompt");
    Shell {
        session,
        _home: home,
    }
}

impl Shell {
    fn send(&mut self, text: &str) {
        self.session.send(text).expect("type");
    }

    fn expect(&mut self, text: &str) -> String {
        match self.session.expect(text) {
            Ok(found) => String::from_utf8_lossy(found.before()).into_owned(),
            Err(e) => panic!("expected {text:?}: {e}"),
        }
    }

    fn expect_re(&mut self, re: &str) -> String {
        match self.session.expect(Regex(re)) {
            Ok(found) => String::from_utf8_lossy(found.as_bytes()).into_owned(),
            Err(e) => panic!("expected /{re}/: {e}"),
        }
    }

    /// Quits, and hands back the home directory (kept until the caller is
    /// done with the history file in it).
    fn quit(mut self) -> tempfile::TempDir {
        self.send("\\q\r");
        assert!(exits(&mut self), "quarry exits on \\q");
        self._home
    }
}

/// Whether the shell's process ends within a few seconds.
fn exits(sh: &mut Shell) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        // Reading keeps the terminal's buffer from filling up.
        let mut buf = [0u8; 4096];
        let _ = sh.session.try_read(&mut buf);
        if !sh.session.is_alive().unwrap_or(false) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn tab_completes_a_table_name_and_the_statement_runs() {
    let rows = parquet_rows(&demo_dir().join("vpcflow"));
    let mut sh = shell();
    // Only a completed name makes the statement valid.
    sh.send("SELECT count(*) AS n FROM vpcfl\t");
    std::thread::sleep(Duration::from_millis(300));
    sh.send(";\r");
    sh.expect(&format!("| {rows} "));
    sh.expect(PROMPT);
    sh.quit();
}

#[test]
fn tab_completes_a_column_after_an_alias() {
    let mut sh = shell();
    // The FROM clause first, then back to the start of the line (Ctrl-A)
    // to write the select list: the column completes from the alias.
    sh.send(" FROM vpcflow AS f LIMIT 1;");
    sh.send("\x01");
    sh.send("SELECT f.srcad\t");
    std::thread::sleep(Duration::from_millis(300));
    sh.send("\r");
    sh.expect("| srcaddr");
    sh.expect(PROMPT);
    sh.quit();
}

#[test]
fn a_meta_command_lists_the_tables() {
    let mut sh = shell();
    sh.send("\\dt\r");
    let listing = sh.expect(PROMPT);
    assert!(
        listing.contains("vpcflow") && listing.contains("applogs"),
        "{listing}"
    );
    sh.send("\\x\r");
    sh.expect("Expanded display is on.");
    sh.send("SELECT 7 AS seven;\r");
    sh.expect("seven | 7");
    sh.quit();
}

#[test]
fn a_statement_spans_lines_and_the_stats_line_follows() {
    let mut sh = shell();
    sh.send("SELECT 40 +\r");
    sh.send("  2 AS answer\r");
    sh.send(";\r");
    sh.expect("| 42 ");
    sh.expect("1 row in ");
    sh.expect(PROMPT);
    // A sum must read the column (a count may come from statistics).
    sh.send("SELECT sum(bytes) FROM vpcflow;\r");
    // Reading the demo's Parquet files is well under 10 MB: Athena's minimum.
    let line = sh.expect_re(r"1 row in [0-9.]+ s · read [0-9.]+ [KM]?B from [0-9]+ objects? · listed [0-9]+ objects? · \$0\.00005 at Athena");
    assert!(line.contains("at Athena"), "{line}");
    sh.expect(PROMPT);
    // The demo's flows are under year=/month=/day=: 2022/05/04 and
    // 2026/11/20, 21, 22. The year 2022 and the day 20 are ruled out.
    sh.send("SELECT count(*) FROM vpcflow WHERE year = '2026' AND day >= '21';\r");
    sh.expect("2 partitions read, 2 pruned");
    sh.expect(PROMPT);
    let home = sh.quit();
    let history = home.path().join("history");
    let text = std::fs::read_to_string(&history).expect("history saved");
    assert!(text.contains("SELECT sum(bytes) FROM vpcflow;"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&history)
            .expect("history")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "history is private");
    }
}

#[test]
fn ctrl_c_cancels_a_long_statement_and_the_prompt_comes_back_at_once() {
    let mut sh = shell();
    // Far more rows than could be counted in the test's time.
    sh.send("SELECT count(*) FROM generate_series(1, 1000000000000) WHERE value % 7 = 3;\r");
    std::thread::sleep(Duration::from_millis(1500));
    // Past a second, the progress line is up on standard error.
    sh.expect("Ctrl-C cancels");
    let sent = Instant::now();
    sh.session.send(ControlCode::EndOfText).expect("Ctrl-C");
    sh.expect("cancelled");
    sh.expect(PROMPT);
    let waited = sent.elapsed();
    assert!(
        waited < Duration::from_secs(1),
        "prompt back after {waited:?}"
    );
    // The shell is usable again.
    sh.send("SELECT 5 AS five;\r");
    sh.expect("| 5 ");
    // Ctrl-C at the prompt clears the line; Ctrl-D on an empty line quits.
    sh.send("SELECT nonsense");
    sh.session.send(ControlCode::EndOfText).expect("Ctrl-C");
    sh.expect(PROMPT);
    std::thread::sleep(Duration::from_millis(300));
    sh.session
        .send(ControlCode::EndOfTransmission)
        .expect("Ctrl-D");
    assert!(exits(&mut sh), "quarry exits on Ctrl-D");
}
