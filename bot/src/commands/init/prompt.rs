//! Questions on the terminal: the prompt goes to stderr (stdout stays the report), and a secret
//! is read with echo off, so it never shows on the screen or in a terminal recording.

use std::io::{BufRead, IsTerminal, Write};

use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};

use crate::secret::Secret;

/// Whether questions may be asked: stdin is a terminal.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal()
}

/// A line typed after `question`; `default` (shown in brackets) when the answer is empty.
pub fn ask(question: &str, default: Option<&str>) -> anyhow::Result<String> {
    match default {
        Some(default) => eprint!("{question} [{default}]: "),
        None => eprint!("{question}: "),
    }
    std::io::stderr().flush()?;
    let line = read_line()?;
    let line = line.trim();
    Ok(match (line.is_empty(), default) {
        (true, Some(default)) => default.to_owned(),
        _ => line.to_owned(),
    })
}

/// A secret typed with echo off; `None` when left empty.
pub fn ask_secret(question: &str) -> anyhow::Result<Option<Secret>> {
    let stdin = std::io::stdin();
    let saved = tcgetattr(&stdin).ok();
    if let Some(saved) = &saved {
        let mut quiet = saved.clone();
        quiet.local_modes.remove(LocalModes::ECHO);
        // Still echo the line break, so the next prompt starts on a new line.
        quiet.local_modes.insert(LocalModes::ECHONL);
        // Echo goes off before the question shows, so nothing typed after it is echoed.
        tcsetattr(&stdin, OptionalActions::Now, &quiet)?;
    }
    eprint!("{question} (not shown while typed): ");
    std::io::stderr().flush()?;
    let line = read_line();
    if let Some(saved) = &saved {
        tcsetattr(&stdin, OptionalActions::Now, saved)?;
    }
    let line = zeroize::Zeroizing::new(line?);
    let value = line.trim_end_matches(['\n', '\r']);
    Ok((!value.is_empty()).then(|| Secret::new(value.to_owned())))
}

fn read_line() -> anyhow::Result<String> {
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line)? == 0 {
        anyhow::bail!("the terminal closed before every question was answered: nothing more was done");
    }
    Ok(line)
}
