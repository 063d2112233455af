//! Hallway's server: configuration, start-up and the plain HTTP routes around the app.

// The app's view types nest deeply; rendering them needs more room than the default.
#![recursion_limit = "256"]

pub mod cli;
pub mod config;
pub mod demo;
pub mod http;
pub mod startup;
pub mod telemetry;
