//! Secrets handed over by systemd's `LoadCredential=`: files in `$CREDENTIALS_DIRECTORY`, readable
//! only by the service, never in its environment (which `/proc/<pid>/environ` and crash reports
//! can show) nor in the config file. They win over the environment and the file.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use zeroize::Zeroizing;

use super::KeyProblem;

/// Set by systemd for a service with `LoadCredential=`.
pub const ENV_CREDENTIALS_DIRECTORY: &str = "CREDENTIALS_DIRECTORY";

/// The credentials the bridge reads, by their name in `LoadCredential=NAME:FILE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential {
    /// `master.key`: the 64 hex characters of a key file (`hopenow keygen` writes one).
    MasterKey,
    /// `telegram-token`: the bot token from @BotFather.
    TelegramToken,
    /// `matrix-password`: the bot account's password.
    MatrixPassword,
    /// `translation-key`: the LibreTranslate API key.
    TranslationKey,
}

impl Credential {
    pub fn name(self) -> &'static str {
        match self {
            Self::MasterKey => "master.key",
            Self::TelegramToken => "telegram-token",
            Self::MatrixPassword => "matrix-password",
            Self::TranslationKey => "translation-key",
        }
    }

    /// How a problem with this credential is named in an error.
    fn key(self) -> String {
        format!("credential {:?}", self.name())
    }

    /// Where the file of this credential is, if systemd gave the process a credentials folder.
    pub fn path(self, env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
        let dir = env(ENV_CREDENTIALS_DIRECTORY).filter(|dir| !dir.is_empty())?;
        Some(PathBuf::from(dir).join(self.name()))
    }

    /// The credential's text without its final line break (`echo` and editors add one), or
    /// `None` when there is no credentials folder or no such file in it. An empty file, or one
    /// others can read, is refused naming the credential and what to do.
    pub fn read(self, env: &dyn Fn(&str) -> Option<String>) -> Result<Option<Zeroizing<String>>, KeyProblem> {
        let Some(path) = self.path(env) else { return Ok(None) };
        let metadata = match std::fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(KeyProblem::new(
                    self.key(),
                    format!("cannot be read from {}: {error}. Check the unit's LoadCredential= line", path.display()),
                ));
            }
        };
        // Others only: systemd grants the service user access through an ACL, which shows as the
        // group bits, so a group bit is not a leak here.
        let mode = metadata.permissions().mode() & 0o777;
        if mode & 0o007 != 0 {
            return Err(KeyProblem::new(
                self.key(),
                format!(
                    "at {} is readable by every user of the machine (mode {mode:04o}): run `chmod o-rwx {}`, \
                     or let systemd's LoadCredential= provide it",
                    path.display(),
                    path.display()
                ),
            ));
        }
        let text = Zeroizing::new(std::fs::read_to_string(&path).map_err(|error| {
            KeyProblem::new(self.key(), format!("cannot be read from {}: {error}", path.display()))
        })?);
        let value = Zeroizing::new(text.trim_end_matches(['\n', '\r']).to_owned());
        if value.trim().is_empty() {
            return Err(KeyProblem::new(
                self.key(),
                format!(
                    "at {} is empty: put the {} in the file the unit's LoadCredential={}:FILE names",
                    path.display(),
                    self.what(),
                    self.name()
                ),
            ));
        }
        Ok(Some(value))
    }

    fn what(self) -> &'static str {
        match self {
            Self::MasterKey => "master key (`hopenow keygen --out FILE` makes one)",
            Self::TelegramToken => "bot token",
            Self::MatrixPassword => "bot account's password",
            Self::TranslationKey => "translation service's API key",
        }
    }

    /// What to add to an error about a missing secret when systemd gave a credentials folder
    /// without this credential.
    pub fn hint_if_missing(self, env: &dyn Fn(&str) -> Option<String>) -> String {
        match self.path(env) {
            Some(path) => format!(
                " ($CREDENTIALS_DIRECTORY has no {}: add LoadCredential={}:/etc/hopenow/{} to the unit)",
                path.display(),
                self.name(),
                self.name()
            ),
            None => String::new(),
        }
    }
}
