//! The `pingjia` command.

use clap::{Parser, Subcommand};
use pingjia_server::serve::{self, ServeConfig};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "pingjia",
    version,
    about = "保卫管理员职业技能评价助手 — the pingjia server"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the built app and the API from one address, on an embedded SQLite database.
    Serve {
        /// Address to listen on (port 0 picks a free one).
        #[arg(long, env = "PINGJIA_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// SQLite database file; created, with its folder, on first run.
        #[arg(long, env = "PINGJIA_DB", default_value = "pingjia.sqlite3")]
        db: PathBuf,
        /// Folder of the built app (Trunk's dist/).
        #[arg(long, env = "PINGJIA_DIST", default_value = "dist")]
        dist: PathBuf,
        /// Log filter, e.g. info or pingjia_server=debug,tower_http=debug.
        #[arg(long, env = "PINGJIA_LOG", default_value = "info")]
        log: String,
    },
    /// Answer rules questions: one JSON request per line on stdin, one JSON response per line
    /// on stdout (see docs/rules-api.md). Exits 1 if any line was an error.
    Eval,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Eval => {
            let stdin = std::io::stdin().lock();
            let stdout = std::io::stdout().lock();
            match pingjia_server::eval::eval_lines(
                stdin,
                stdout,
                pingjia_server::eval::today_in_shanghai(),
            ) {
                Ok(0) => ExitCode::SUCCESS,
                Ok(failed) => {
                    eprintln!("{failed} request(s) failed");
                    ExitCode::FAILURE
                }
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve {
            addr,
            db,
            dist,
            log,
        } => {
            init_logging(&log);
            let runtime = match tokio::runtime::Runtime::new() {
                Ok(runtime) => runtime,
                Err(err) => {
                    eprintln!("error: cannot start the async runtime: {err}");
                    return ExitCode::FAILURE;
                }
            };
            match runtime.block_on(serve::run(ServeConfig { addr, db, dist })) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("error: {err:#}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn init_logging(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter).unwrap_or_else(|err| {
        eprintln!("warning: ignoring the log filter {filter:?} ({err}); using info");
        tracing_subscriber::EnvFilter::new("info")
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
