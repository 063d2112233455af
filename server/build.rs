//! Tells the binary which commit it is built from (`hallway --version`), or "unknown" outside
//! a git checkout; and embeds the site's files in it (the bundle `scripts/build.sh` wrote to
//! `target/site`: the hashed stylesheet, script and WebAssembly, their gzip copies, and the
//! favicon), so that `hallway` alone serves a complete site from any directory
//! (`server/src/http/assets.rs`). Without a built site nothing is embedded and the server
//! reads `HALLWAY_SITE_ROOT` as before.

// A build script that cannot read what it embeds fails the build with the reason.
#![allow(clippy::expect_used)]

use std::{env, fmt::Write, fs, path::PathBuf, process::Command};

fn main() {
    commit();
    embed_site();
}

fn commit() {
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

fn embed_site() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let site = manifest.join("../target/site");
    let pkg = site.join("pkg");
    println!("cargo:rerun-if-changed={}", pkg.display());
    println!(
        "cargo:rerun-if-changed={}",
        site.join("favicon.svg").display()
    );
    let mut files: Vec<(String, PathBuf)> = fs::read_dir(&pkg)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            // Only files named by their content: build.sh deletes other builds' files.
            let hashed = name.strip_prefix("hallway.")?.len() > 17;
            hashed.then(|| (format!("/pkg/{name}"), entry.path()))
        })
        .collect();
    let favicon = site.join("favicon.svg");
    if !files.is_empty() && favicon.is_file() {
        files.push(("/favicon.svg".to_owned(), favicon));
    }
    files.sort();
    let mut code =
        String::from("/// The site's files, by path.\npub static FILES: &[(&str, &[u8])] = &[\n");
    for (path, file) in &files {
        let file = file.canonicalize().expect("a file just listed");
        writeln!(
            code,
            "    ({path:?}, include_bytes!({:?})),",
            file.display().to_string()
        )
        .expect("writing to a string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo")).join("site.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
