//! `config/hopenow.service` as systemd reads it: valid, and hardened to an exposure of 2.0 or
//! lower ("OK") by `systemd-analyze security`.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

const UNIT: &str = include_str!("../../config/hopenow.service");

/// `systemd-analyze ARGS`; fails the test with the install command when it is missing.
fn systemd_analyze(args: &[&str]) -> Output {
    Command::new("systemd-analyze").args(args).output().unwrap_or_else(|error| {
        panic!(
            "systemd-analyze is needed to check config/hopenow.service ({error}). \
             Install it: apt-get install systemd (or run bash .ci/system-deps)"
        )
    })
}

/// The unit with `ExecStart=` on the hopenow binary this build made: `verify` wants the
/// program to exist, and /usr/bin/hopenow is only there once the package is installed.
fn unit_here(dir: &Path) -> std::path::PathBuf {
    let binary = env!("CARGO_BIN_EXE_hopenow");
    assert!(UNIT.contains("ExecStart=/usr/bin/hopenow run "), "the unit starts /usr/bin/hopenow run");
    let unit = dir.join("hopenow.service");
    std::fs::write(&unit, UNIT.replace("ExecStart=/usr/bin/hopenow ", &format!("ExecStart={binary} "))).unwrap();
    unit
}

#[test]
fn the_unit_passes_systemd_analyze_verify_without_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let unit = unit_here(dir.path());
    let output = systemd_analyze(&["verify", unit.to_str().unwrap()]);
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{said}");
    // verify exits 0 on a setting it ignores ("Failed to parse …, ignoring"): none may be.
    let about_the_unit: Vec<&str> = said.lines().filter(|line| line.contains("hopenow.service")).collect();
    assert!(about_the_unit.is_empty(), "{said}");
}

#[test]
fn the_unit_is_rated_ok_by_systemd_analyze_security() {
    let dir = tempfile::tempdir().unwrap();
    let unit = unit_here(dir.path());
    let output = systemd_analyze(&["security", "--offline=true", "--no-pager", unit.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&output.stdout).into_owned();
    let overall = said
        .lines()
        .find(|line| line.contains("Overall exposure level"))
        .unwrap_or_else(|| panic!("no overall exposure in: {said}{}", String::from_utf8_lossy(&output.stderr)));
    let score: f64 = overall
        .split(':')
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|number| number.parse().ok())
        .unwrap_or_else(|| panic!("cannot read the score in {overall:?}"));
    println!("{overall}");
    assert!(score <= 2.0, "exposure {score} > 2.0: {said}");
    assert!(overall.contains("OK"), "{overall}");
}

/// Every hardening setting the issue asks for is there, spelled as systemd spells it (a typo
/// would be ignored with a warning, and the score would only show some of them).
#[test]
fn the_unit_holds_each_hardening_setting_and_the_credentials() {
    for setting in [
        "User=hopenow",
        "StateDirectory=hopenow",
        "StateDirectoryMode=0700",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "PrivateDevices=yes",
        "ProtectKernelTunables=yes",
        "ProtectKernelModules=yes",
        "ProtectKernelLogs=yes",
        "ProtectControlGroups=yes",
        "ProtectHome=yes",
        "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
        "SystemCallFilter=@system-service",
        "SystemCallFilter=~@privileged",
        "SystemCallArchitectures=native",
        "MemoryDenyWriteExecute=yes",
        "LimitCORE=0",
        "CapabilityBoundingSet=\n",
        "RestrictNamespaces=yes",
        "LockPersonality=yes",
        "RestrictRealtime=yes",
        "RestrictSUIDSGID=yes",
        "UMask=0077",
        "ProtectHostname=yes",
        "ProtectClock=yes",
        "ProtectProc=invisible",
        "ProcSubset=pid",
        "LoadCredential=master.key:/etc/hopenow/master.key",
        "LoadCredential=telegram-token:/etc/hopenow/telegram-token",
        "LoadCredential=matrix-password:/etc/hopenow/matrix-password",
    ] {
        assert!(UNIT.contains(setting), "config/hopenow.service lacks {setting:?}");
    }
    assert!(!UNIT.contains("IPAddressDeny"), "the bridge must reach the homeserver and Telegram");
}
