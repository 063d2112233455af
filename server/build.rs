//! Tells the binary which commit it is built from (`hallway --version`), or "unknown" outside
//! a git checkout.

use std::process::Command;

fn main() {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|out| out.status.success())
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=HALLWAY_COMMIT={commit}");
    // Built again when HEAD moves: the file HEAD and the branch file it points at (those that
    // exist: a missing one would make every build run this again).
    println!("cargo:rerun-if-changed=build.rs");
    if let Some(dir) = git(&["rev-parse", "--git-dir"]) {
        let branch = git(&["symbolic-ref", "-q", "HEAD"]);
        for file in ["HEAD", "packed-refs"]
            .iter()
            .copied()
            .chain(branch.as_deref())
        {
            let path = format!("{dir}/{file}");
            if std::path::Path::new(&path).exists() {
                println!("cargo:rerun-if-changed={path}");
            }
        }
    }
}
