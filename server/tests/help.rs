//! The real `hallway` binary explains itself: `--help` on every command, and a clear refusal
//! of commands it does not know.

use std::process::Command;

fn hallway(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hallway"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running hallway: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_command_prints_its_help_and_exits_cleanly() {
    let (code, text, _) = hallway(&["--help"]);
    assert_eq!(code, 0);
    let commands = [
        "serve",
        "migrate",
        "check-config",
        "seed-demo",
        "create-admin",
        "backup",
    ];
    for command in commands {
        assert!(
            text.contains(&format!("  {command}")),
            "{command} listed in:\n{text}"
        );
        let (code, text, _) = hallway(&[command, "--help"]);
        assert_eq!(code, 0, "{command} --help");
        assert!(
            text.starts_with(&format!("Usage: hallway {command}")),
            "{text}"
        );
        let (code, again, _) = hallway(&["help", command]);
        assert_eq!((code, again), (0, text));
    }
}

#[test]
fn an_unknown_command_or_a_missing_option_is_refused_with_the_usage() {
    let (code, _, err) = hallway(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown command \"frobnicate\"") && err.contains("Commands:"),
        "{err}"
    );
    let (code, _, err) = hallway(&["backup"]);
    assert_eq!(code, 2);
    assert!(err.contains("backup needs --to FILE"), "{err}");
}
