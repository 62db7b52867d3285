//! Questions on the terminal: the prompt goes to stderr (stdout stays the report), and a secret
//! is read with echo off, so it never shows on the screen or in a terminal recording.

use std::io::{BufRead, IsTerminal, Read, Write};

use rustix::termios::{LocalModes, OptionalActions, SpecialCodeIndex, tcgetattr, tcsetattr};

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
///
/// On a terminal the line is read key by key with the terminal's own line editing and signals
/// off: Ctrl-C arrives as a key, so echo is turned back on before hopenow stops, and the
/// operator's shell is never left blind (a SIGINT would kill the process with echo still off).
pub fn ask_secret(question: &str) -> anyhow::Result<Option<Secret>> {
    let stdin = std::io::stdin();
    let Ok(saved) = tcgetattr(&stdin) else {
        // Not a terminal (a pipe in a script): nothing is echoed anyway.
        eprint!("{question}: ");
        std::io::stderr().flush()?;
        let line = zeroize::Zeroizing::new(read_line()?);
        let value = line.trim_end_matches(['\n', '\r']);
        return Ok((!value.is_empty()).then(|| Secret::new(value.to_owned())));
    };
    let mut quiet = saved.clone();
    quiet.local_modes.remove(LocalModes::ECHO | LocalModes::ICANON | LocalModes::ISIG);
    quiet.special_codes[SpecialCodeIndex::VMIN] = 1;
    quiet.special_codes[SpecialCodeIndex::VTIME] = 0;
    // Echo goes off before the question shows, so nothing typed after it is echoed.
    tcsetattr(&stdin, OptionalActions::Now, &quiet)?;
    eprint!("{question} (not shown while typed): ");
    std::io::stderr().flush()?;
    let typed = read_keys(saved.special_codes[SpecialCodeIndex::VERASE]);
    let restored = tcsetattr(&stdin, OptionalActions::Now, &saved);
    eprintln!();
    let typed = typed?;
    restored?;
    match typed {
        Keys::Line(line) => Ok((!line.is_empty()).then(|| Secret::new(line.to_string()))),
        Keys::Interrupted => {
            eprintln!("stopped (Ctrl-C): nothing more was done; run `hopenow init` again to finish");
            std::process::exit(130);
        }
    }
}

enum Keys {
    Line(zeroize::Zeroizing<String>),
    Interrupted,
}

/// Keys up to Enter, with backspace and Ctrl-U doing what they do in a shell.
fn read_keys(erase: u8) -> anyhow::Result<Keys> {
    const CTRL_C: u8 = 0x03;
    const CTRL_D: u8 = 0x04;
    const CTRL_U: u8 = 0x15;
    const DEL: u8 = 0x7f;
    const BS: u8 = 0x08;
    let mut bytes = zeroize::Zeroizing::new(Vec::new());
    let mut stdin = std::io::stdin().lock();
    let mut key = [0u8; 1];
    loop {
        if stdin.read(&mut key)? == 0 {
            anyhow::bail!("the terminal closed before every question was answered: nothing more was done");
        }
        match key[0] {
            b'\n' | b'\r' => break,
            CTRL_C => return Ok(Keys::Interrupted),
            CTRL_D if bytes.is_empty() => {
                anyhow::bail!("the terminal closed before every question was answered: nothing more was done")
            }
            CTRL_U => bytes.clear(),
            k if k == erase || k == DEL || k == BS => {
                // One character, however many bytes it took in UTF-8.
                while let Some(last) = bytes.pop() {
                    if last & 0xC0 != 0x80 {
                        break;
                    }
                }
            }
            k => bytes.push(k),
        }
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| anyhow::anyhow!("what was typed is not UTF-8 text: check the terminal's character set"))?;
    Ok(Keys::Line(zeroize::Zeroizing::new(text.to_owned())))
}

fn read_line() -> anyhow::Result<String> {
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line)? == 0 {
        anyhow::bail!("the terminal closed before every question was answered: nothing more was done");
    }
    Ok(line)
}
