//! The Synapse fixture itself: a real homeserver starts, takes users, survives a restart with the
//! same database, and leaves no process behind. Fails (never skips) when Synapse cannot run.

use std::io::ErrorKind;
use std::net::TcpStream;
use std::path::Path;
use std::time::Instant;

use hopenow_tests::synapse::{self, Synapse};
use serde_json::{Value, json};

/// Vectors from Python's `hmac.new(b"s3cret-shared", digestmod=hashlib.sha1)` over
/// `b"abc123nonce\0alice\0" + "pässword".encode() + b"\0notadmin"` (and `admin`).
#[test]
fn synapse_registration_mac_matches_python_hmac() {
    assert_eq!(
        synapse::registration_mac("s3cret-shared", "abc123nonce", "alice", "pässword", false),
        "676fa674ca52e4a90634ab5a7d06de2047535f39"
    );
    assert_eq!(
        synapse::registration_mac("s3cret-shared", "abc123nonce", "alice", "pässword", true),
        "fd0e41b972058a1b77f2594bf17e8ebe005a6a65"
    );
}

fn login(hs: &Synapse, user: &str, password: &str) -> (u16, Value) {
    let body = json!({
        "type": "m.login.password",
        "identifier": {"type": "m.id.user", "user": user},
        "password": password,
        "initial_device_display_name": "fixture test",
    });
    hs.api("POST", "/_matrix/client/v3/login", None, Some(&body)).unwrap()
}

fn token(hs: &Synapse, user: &str, password: &str) -> String {
    let (status, body) = login(hs, user, password);
    assert_eq!(status, 200, "login {user}: {body}\n{}", hs.log_tail(20));
    body["access_token"].as_str().unwrap().to_string()
}

fn whoami(hs: &Synapse, token: &str) -> (u16, Value) {
    hs.api("GET", "/_matrix/client/v3/account/whoami", Some(token), None).unwrap()
}

#[test]
fn synapse_starts_registers_users_and_survives_a_restart() {
    let t0 = Instant::now();
    let mut hs = Synapse::start().unwrap_or_else(|e| panic!("cannot start Synapse: {e}"));
    eprintln!("synapse: install check + start took {:?} ({})", t0.elapsed(), hs.url());
    assert!(hs.is_running());
    assert_eq!(hs.url(), format!("http://127.0.0.1:{}", hs.port()));

    let staffer = hs.register("grace", "grace-password", false).unwrap();
    let operator = hs.register("operator", "operator-password", true).unwrap();
    assert_eq!(staffer, format!("@grace:{}", hs.server_name()));
    assert_eq!(operator, "@operator:hopenow.test");
    // A taken name is refused, not silently reused.
    assert!(hs.register("grace", "other", false).is_err());

    // Plain HTTP login; several in a row and a wrong password would hit the default rc_login limits.
    let grace = token(&hs, "grace", "grace-password");
    for _ in 0..5 {
        token(&hs, "grace", "grace-password");
    }
    let (status, body) = login(&hs, "grace", "wrong");
    assert_eq!(status, 403, "{body}");
    let (status, body) = whoami(&hs, &grace);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["user_id"], staffer.as_str());

    // The admin flag took: only the operator may use the admin API.
    let op = token(&hs, "operator", "operator-password");
    let admin_path = |user: &str| format!("/_synapse/admin/v1/users/{user}/admin");
    let (status, body) = hs.api("GET", &admin_path(&staffer), Some(&op), None).unwrap();
    assert_eq!((status, &body["admin"]), (200, &json!(false)), "{body}");
    let (status, body) = hs.api("GET", &admin_path(&operator), Some(&op), None).unwrap();
    assert_eq!((status, &body["admin"]), (200, &json!(true)), "{body}");
    let (status, _) = hs.api("GET", &admin_path(&operator), Some(&grace), None).unwrap();
    assert_eq!(status, 403);

    // Outage: the port refuses connections.
    let t1 = Instant::now();
    hs.stop().unwrap();
    eprintln!("synapse: stop took {:?}", t1.elapsed());
    assert!(!hs.is_running());
    let refused = TcpStream::connect(("127.0.0.1", hs.port())).map(drop).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::ConnectionRefused);
    assert!(hs.api("GET", "/_matrix/client/versions", None, None).is_err());
    hs.stop().unwrap();

    // Back on the same port with the same database: the old token still works.
    let t2 = Instant::now();
    hs.restart().unwrap_or_else(|e| panic!("cannot restart Synapse: {e}"));
    eprintln!("synapse: restart took {:?}", t2.elapsed());
    assert!(hs.is_running());
    let (status, body) = whoami(&hs, &grace);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["user_id"], staffer.as_str());

    // Dropping it kills the process and deletes its data dir.
    let pid = hs.pid().unwrap();
    let dir = hs.log_path().parent().unwrap().to_path_buf();
    drop(hs);
    assert!(!Path::new(&format!("/proc/{pid}")).exists(), "Synapse pid {pid} survived the drop");
    assert!(!dir.exists());
    eprintln!("synapse: whole test took {:?}", t0.elapsed());
}
