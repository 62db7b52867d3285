//! The homeserver calls `hopenow init` makes besides matrix-sdk's: checking a password, making
//! the bot's account (Synapse's shared-secret registration or its admin API), and lifting the
//! bot's rate limits. Errors never quote a response body: it can echo what was sent.

use std::time::Duration;

use anyhow::Context;
use reqwest::StatusCode;
use ring::hmac;
use serde_json::{Value, json};

use crate::secret::Secret;

/// A Synapse (or any homeserver, for the client API) at `base`.
pub struct Homeserver {
    base: url::Url,
    http: reqwest::Client,
}

/// Whether logging in with a password works.
#[derive(Debug, PartialEq, Eq)]
pub enum Login {
    Works,
    /// The homeserver said no (`M_FORBIDDEN`): a wrong password or no such account.
    Refused,
}

impl Homeserver {
    pub fn new(base: &url::Url) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build()?;
        Ok(Self { base: base.clone(), http })
    }

    fn url(&self, path: &str) -> anyhow::Result<url::Url> {
        self.base.join(path).with_context(|| format!("{} cannot take the path {path}", self.base))
    }

    /// One JSON request; the status and the body (`Null` when not JSON).
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&Secret>,
        body: Option<&Value>,
    ) -> anyhow::Result<(StatusCode, Value)> {
        let mut request = self.http.request(method.clone(), self.url(path)?);
        if let Some(token) = token {
            request = request.bearer_auth(token.expose());
        }
        if let Some(body) = body {
            request = request.header("content-type", "application/json").body(body.to_string());
        }
        let response = request.send().await.map_err(|error| {
            anyhow::anyhow!("the homeserver {} did not answer {method} {path}: {}", self.base, without_url(&error))
        })?;
        let status = response.status();
        let bytes = response.bytes().await.unwrap_or_default();
        Ok((status, serde_json::from_slice(&bytes).unwrap_or(Value::Null)))
    }

    /// Logs in with `password` and logs out again at once, so no device is left behind.
    pub async fn try_password(&self, user: &str, password: &Secret) -> anyhow::Result<Login> {
        let body = json!({
            "type": "m.login.password",
            "identifier": { "type": "m.id.user", "user": user },
            "password": password.expose(),
            "initial_device_display_name": "hopenow init (password check)",
        });
        let (status, answer) = self.call(reqwest::Method::POST, "/_matrix/client/v3/login", None, Some(&body)).await?;
        if status == StatusCode::FORBIDDEN {
            return Ok(Login::Refused);
        }
        let token = answer["access_token"].as_str().map(|t| Secret::new(t.to_owned()));
        let Some(token) = token.filter(|_| status.is_success()) else {
            anyhow::bail!("the homeserver answered the login of {user} with HTTP {status} ({})", errcode(&answer));
        };
        let _ = self.call(reqwest::Method::POST, "/_matrix/client/v3/logout", Some(&token), Some(&json!({}))).await;
        Ok(Login::Works)
    }

    /// Registers `localpart` with Synapse's registration shared secret (nonce, HMAC-SHA1 MAC).
    pub async fn register(
        &self,
        shared_secret: &Secret,
        localpart: &str,
        password: &Secret,
    ) -> anyhow::Result<Registered> {
        let path = "/_synapse/admin/v1/register";
        let (status, answer) = self.call(reqwest::Method::GET, path, None, None).await?;
        let Some(nonce) = answer["nonce"].as_str().filter(|_| status.is_success()) else {
            anyhow::bail!(
                "the homeserver gave no registration nonce (HTTP {status}): is it Synapse, with registration_shared_secret \
                 set in homeserver.yaml, and is /_synapse/admin reachable from here?"
            );
        };
        let mac = registration_mac(shared_secret.expose(), nonce, localpart, password.expose());
        let body =
            json!({ "nonce": nonce, "username": localpart, "password": password.expose(), "admin": false, "mac": mac });
        let (status, answer) = self.call(reqwest::Method::POST, path, None, Some(&body)).await?;
        match (status.is_success(), errcode(&answer)) {
            (true, _) => {
                // Registering logs the account in on a device of its own: logged out again, so
                // the bot has one device only, the one `matrix setup` makes and cross-signs.
                if let Some(token) = answer["access_token"].as_str().map(|t| Secret::new(t.to_owned())) {
                    self.call(reqwest::Method::POST, "/_matrix/client/v3/logout", Some(&token), Some(&json!({})))
                        .await?;
                }
                Ok(Registered::New)
            }
            (false, "M_USER_IN_USE") => Ok(Registered::Exists),
            (false, code) if status == StatusCode::FORBIDDEN => anyhow::bail!(
                "Synapse refused the registration shared secret (HTTP {status}, {code}): copy registration_shared_secret \
                 from homeserver.yaml into the file given with --registration-secret-file"
            ),
            (false, code) => anyhow::bail!("Synapse refused to register {localpart} (HTTP {status}, {code})"),
        }
    }

    /// Makes `user` with the admin API, unless it exists.
    pub async fn create_user(&self, admin_token: &Secret, user: &str, password: &Secret) -> anyhow::Result<Registered> {
        let path = format!("/_synapse/admin/v2/users/{}", encode(user));
        let (status, _) = self.call(reqwest::Method::GET, &path, Some(admin_token), None).await?;
        admin_status(status, &path)?;
        if status.is_success() {
            return Ok(Registered::Exists);
        }
        let body = json!({ "password": password.expose(), "admin": false });
        let (status, answer) = self.call(reqwest::Method::PUT, &path, Some(admin_token), Some(&body)).await?;
        admin_status(status, &path)?;
        if !status.is_success() {
            anyhow::bail!("Synapse's admin API did not make {user} (HTTP {status}, {})", errcode(&answer));
        }
        Ok(Registered::New)
    }

    /// Whether `user`'s messages are already exempt from rate limits.
    pub async fn rate_limit_lifted(&self, admin_token: &Secret, user: &str) -> anyhow::Result<bool> {
        let path = override_path(user);
        let (status, answer) = self.call(reqwest::Method::GET, &path, Some(admin_token), None).await?;
        admin_status(status, &path)?;
        Ok(answer["messages_per_second"].as_i64() == Some(0) && answer["burst_count"].as_i64() == Some(0))
    }

    /// Exempts `user` from rate limits (a bridge sends for many people).
    pub async fn lift_rate_limit(&self, admin_token: &Secret, user: &str) -> anyhow::Result<()> {
        let path = override_path(user);
        let body = json!({ "messages_per_second": 0, "burst_count": 0 });
        let (status, _) = self.call(reqwest::Method::POST, &path, Some(admin_token), Some(&body)).await?;
        admin_status(status, &path)
    }
}

/// What registering found.
#[derive(Debug, PartialEq, Eq)]
pub enum Registered {
    New,
    Exists,
}

fn override_path(user: &str) -> String {
    format!("/_synapse/admin/v1/users/{}/override_ratelimit", encode(user))
}

/// The exact command an operator runs to lift the limits without giving init an admin token.
pub fn lift_rate_limit_command(base: &url::Url, user: &str) -> String {
    format!(
        "curl -X POST -H \"Authorization: Bearer $ADMIN_TOKEN\" -d '{{\"messages_per_second\":0,\"burst_count\":0}}' \\\n      {}",
        base.join(&override_path(user)).map(String::from).unwrap_or_else(|_| override_path(user))
    )
}

/// An admin call refused for its token says so and what to do; other statuses pass.
fn admin_status(status: StatusCode, path: &str) -> anyhow::Result<()> {
    if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
        anyhow::bail!(
            "Synapse refused the admin token for {path} (HTTP {status}): the token in --admin-token-file (answers key \
             admin_token_file) or HOPENOW_ADMIN_TOKEN must be a server admin's access token"
        );
    }
    Ok(())
}

fn errcode(answer: &Value) -> &str {
    answer["errcode"].as_str().unwrap_or("no errcode")
}

/// A user id as one path segment.
fn encode(user: &str) -> String {
    url::form_urlencoded::byte_serialize(user.as_bytes()).collect()
}

/// A request error in words, without its URL.
fn without_url(error: &reqwest::Error) -> String {
    let text = error.to_string();
    let text = match error.url() {
        Some(url) => text.replace(url.as_str(), "…"),
        None => text,
    };
    if error.is_connect() { format!("cannot connect ({text})") } else { text }
}

/// Synapse's registration MAC: hex(HMAC-SHA1(secret, nonce \0 user \0 password \0 notadmin)).
pub fn registration_mac(shared_secret: &str, nonce: &str, username: &str, password: &str) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, shared_secret.as_bytes());
    let mut context = hmac::Context::with_key(&key);
    for (i, part) in [nonce, username, password, "notadmin"].iter().enumerate() {
        if i > 0 {
            context.update(b"\0");
        }
        context.update(part.as_bytes());
    }
    hex::encode(context.sign().as_ref())
}

/// A long random password for a new bot account (it lives in the matrix-password file).
pub fn random_password() -> anyhow::Result<Secret> {
    use ring::rand::SecureRandom;
    let mut bytes = zeroize::Zeroizing::new([0u8; 24]);
    ring::rand::SystemRandom::new()
        .fill(bytes.as_mut())
        .map_err(|_| anyhow::anyhow!("no randomness from the system"))?;
    Ok(Secret::new(hex::encode(bytes.as_ref())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mac_matches_synapse_docs_shape() {
        let mac = registration_mac("secret", "nonce", "bot", "pw");
        assert_eq!(mac.len(), 40);
        assert_ne!(mac, registration_mac("secret", "nonce", "bot", "pw2"));
    }

    #[test]
    fn command_names_the_user() {
        let base: url::Url = "https://matrix.example.org".parse().unwrap();
        let command = lift_rate_limit_command(&base, "@bot:example.org");
        assert!(command.contains("/_synapse/admin/v1/users/%40bot%3Aexample.org/override_ratelimit"), "{command}");
    }
}
