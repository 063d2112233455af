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

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let (code, text, _) = hallway(&["--version"]);
    assert_eq!(code, 0);
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned());
    assert_eq!(
        text.trim(),
        format!("hallway {} (commit {head})", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(hallway(&["-V"]).1, text);
}

#[test]
fn settings_come_from_dot_env_in_the_working_directory_and_the_environment_wins() {
    let dir = std::env::temp_dir().join(format!("hallway-dotenv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(".env"),
        format!(
            "# settings for this directory\nDATABASE_URL=sqlite://{}/dotenv.db\nHALLWAY_PUBLIC_URL=https://from-dotenv.example\n",
            dir.display()
        ),
    )
    .unwrap();
    let check = |public_url: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hallway"));
        command
            .arg("check-config")
            .current_dir(&dir)
            .env_remove("DATABASE_URL")
            .env_remove("HALLWAY_PUBLIC_URL");
        if let Some(url) = public_url {
            command.env("HALLWAY_PUBLIC_URL", url);
        }
        let out = command.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, text, err) = check(None);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        text.contains("public address: https://from-dotenv.example") && text.contains("dotenv.db"),
        "{text}"
    );
    let (code, text, err) = check(Some("https://from-env.example"));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        text.contains("public address: https://from-env.example"),
        "{text}"
    );
    std::fs::write(dir.join(".env"), "this line is no setting\n").unwrap();
    let (code, _, err) = check(None);
    assert_eq!(code, Some(2));
    assert!(err.contains(".env"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
