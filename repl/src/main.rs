//! `quarry`: parse the arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::new().filter_or("QUARRY_LOG", "warn")).init();
    let args = quarry_repl::args::Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("quarry: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(quarry_repl::run(args))
}
