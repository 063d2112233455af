//! Hallway's server: configuration, start-up and the plain HTTP routes around the app.

pub mod config;
pub mod http;
pub mod startup;
pub mod telemetry;
