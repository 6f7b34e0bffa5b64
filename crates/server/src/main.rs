//! The `pingjia` command.

use axum::http::HeaderValue;
use clap::{Parser, Subcommand};
use pingjia_rules::rulebook::Library;
use pingjia_server::connections::ConnectionLimits;
use pingjia_server::serve::{self, DatabaseTarget, Options, ServeConfig};
use pingjia_server::sync::SyncConfig;
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
        /// The database: an SQLite file (created, with its folder, on first run; also
        /// sqlite://PATH), or postgres://user:password@host:port/name for PostgreSQL, shared by any
        /// number of pingjia serve processes.
        #[arg(long, env = "PINGJIA_DB", default_value = "pingjia.sqlite3")]
        db: String,
        /// Connections to PostgreSQL this process keeps open at most.
        #[arg(long, env = "PINGJIA_DB_POOL", default_value_t = 16)]
        db_pool: u32,
        /// With ?sslmode=require in --db: CA certificates (PEM) to trust beside the public roots,
        /// e.g. a cloud provider's own CA.
        #[arg(long, env = "PINGJIA_DB_CA_FILE")]
        db_ca_file: Option<PathBuf>,
        /// Folder of the built app (Trunk's dist/).
        #[arg(long, env = "PINGJIA_DIST", default_value = "dist")]
        dist: PathBuf,
        /// A page origin allowed to call the API from a browser (the app on a CDN), e.g.
        /// https://pingjia.example.cn. Repeat for several; comma-separated in PINGJIA_ALLOW_ORIGIN.
        #[arg(long = "allow-origin", env = "PINGJIA_ALLOW_ORIGIN", value_delimiter = ',', value_parser = serve::parse_origin)]
        allow_origins: Vec<HeaderValue>,
        /// The most one sync account may store, in megabytes.
        #[arg(long, env = "PINGJIA_ACCOUNT_QUOTA_MB", default_value_t = 50)]
        account_quota_mb: u64,
        /// Requests per minute allowed from one address (0: no limit).
        #[arg(long, env = "PINGJIA_RATE_PER_IP", default_value_t = SyncConfig::default().requests_per_minute_per_ip)]
        rate_per_ip: u32,
        /// Requests per minute allowed per device token (0: no limit).
        #[arg(long, env = "PINGJIA_RATE_PER_TOKEN", default_value_t = SyncConfig::default().requests_per_minute_per_token)]
        rate_per_token: u32,
        /// Sync accounts one address may open in an hour (0: no limit).
        #[arg(long, env = "PINGJIA_ACCOUNTS_PER_HOUR", default_value_t = SyncConfig::default().accounts_per_hour_per_ip)]
        accounts_per_hour: u32,
        /// Failed sign-ins (wrong tokens or sync keys) one address may make in a minute (0: no
        /// limit).
        #[arg(long, env = "PINGJIA_FAILED_SIGN_INS_PER_MINUTE", default_value_t = SyncConfig::default().failed_sign_ins_per_minute_per_ip)]
        failed_sign_ins_per_minute: u32,
        /// Open connections allowed from one address; more are closed as they arrive.
        #[arg(long, env = "PINGJIA_CONNECTIONS_PER_IP", default_value_t = ConnectionLimits::default().per_address)]
        connections_per_ip: usize,
        /// Open connections allowed in all.
        #[arg(long, env = "PINGJIA_CONNECTIONS", default_value_t = ConnectionLimits::default().total)]
        connections: usize,
        /// A folder written by `pingjia rulebook publish`, served at /rulebooks/ for the app to
        /// fetch (docs/new-notice.md).
        #[arg(long, env = "PINGJIA_RULEBOOKS", value_name = "FOLDER")]
        rulebooks: Option<PathBuf>,
        /// The publisher's public key (the `publisher.pub` of `pingjia rulebook keygen`). With
        /// it, /api/v1/eval also answers from the notices of --rulebooks, each on the days it
        /// speaks for, once the whole folder passes `pingjia rulebook verify`; the server does
        /// not start if it does not.
        #[arg(
            long,
            env = "PINGJIA_RULEBOOK_KEY",
            value_name = "FILE",
            requires = "rulebooks"
        )]
        rulebook_key: Option<PathBuf>,
        /// Log filter, e.g. info or pingjia_server=debug,tower_http=debug.
        #[arg(long, env = "PINGJIA_LOG", default_value = "info")]
        log: String,
    },
    /// Answer rules questions: one JSON request per line on stdin, one JSON response per line
    /// on stdout (see docs/rules-api.md). Exits 1 if any line was an error.
    Eval {
        /// A folder written by `pingjia rulebook publish`: with --rulebook-key, its notices
        /// answer beside the built-in ones, each on the days it speaks for.
        #[arg(
            long,
            env = "PINGJIA_RULEBOOKS",
            value_name = "FOLDER",
            requires = "rulebook_key"
        )]
        rulebooks: Option<PathBuf>,
        /// The publisher's public key (`publisher.pub`) the folder must be signed with.
        #[arg(
            long,
            env = "PINGJIA_RULEBOOK_KEY",
            value_name = "FILE",
            requires = "rulebooks"
        )]
        rulebook_key: Option<PathBuf>,
    },
    /// Check a notice's data file, or compare two (see docs/new-notice.md).
    #[command(subcommand)]
    Rulebook(RulebookCommand),
}

#[derive(Subcommand)]
enum RulebookCommand {
    /// Check a notice's or a year's holiday file: every problem with its field, line and fix.
    /// Exits 1 if there is one.
    Check { file: PathBuf },
    /// What changed from one notice's file to the next, in words.
    Diff { old: PathBuf, new: PathBuf },
    /// Make a publisher's key pair in FOLDER: publisher.key (secret) and publisher.pub.
    Keygen {
        #[arg(long = "out", value_name = "FOLDER")]
        folder: PathBuf,
    },
    /// Check the files, sign them with the secret key, and write them to FOLDER (compact books,
    /// index.json, index.sig) for the app to fetch. Nothing is written if one fails its check.
    Publish {
        files: Vec<PathBuf>,
        #[arg(long)]
        key: PathBuf,
        #[arg(long = "out", value_name = "FOLDER")]
        folder: PathBuf,
    },
    /// Open a published FOLDER as the app does: signature, hashes, checks.
    Verify {
        folder: PathBuf,
        #[arg(long = "public-key")]
        public_key: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Rulebook(command) => {
            let mut out = std::io::stdout().lock();
            let passed = match command {
                RulebookCommand::Check { file } => {
                    pingjia_server::rulebook_cli::check(&file, &mut out)
                }
                RulebookCommand::Diff { old, new } => {
                    pingjia_server::rulebook_cli::diff(&old, &new, &mut out)
                }
                RulebookCommand::Keygen { folder } => {
                    pingjia_server::rulebook_cli::keygen(&folder, &mut out)
                }
                RulebookCommand::Publish { files, key, folder } => {
                    pingjia_server::rulebook_cli::publish(&files, &key, &folder, &mut out)
                }
                RulebookCommand::Verify { folder, public_key } => {
                    pingjia_server::rulebook_cli::verify(&folder, &public_key, &mut out)
                }
            };
            if passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Eval {
            rulebooks,
            rulebook_key,
        } => {
            let library = match answering_library(rulebooks.as_deref(), rulebook_key.as_deref()) {
                Ok(library) => library,
                Err(code) => return code,
            };
            let stdin = std::io::stdin().lock();
            let stdout = std::io::stdout().lock();
            match pingjia_server::eval::eval_lines(
                &library,
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
            db_pool,
            db_ca_file,
            allow_origins,
            account_quota_mb,
            rate_per_ip,
            rate_per_token,
            accounts_per_hour,
            failed_sign_ins_per_minute,
            connections_per_ip,
            connections,
            rulebooks,
            rulebook_key,
            log,
        } => {
            init_logging(&log);
            let library = match answering_library(rulebooks.as_deref(), rulebook_key.as_deref()) {
                Ok(library) => library,
                Err(code) => return code,
            };
            match pingjia_server::connections::raise_open_file_limit() {
                Some(files) => tracing::info!("open files allowed: {files}"),
                None => tracing::warn!("cannot read or raise the open-file limit"),
            }
            let runtime = match tokio::runtime::Runtime::new() {
                Ok(runtime) => runtime,
                Err(err) => {
                    eprintln!("error: cannot start the async runtime: {err}");
                    return ExitCode::FAILURE;
                }
            };
            let options = Options {
                sync: SyncConfig {
                    account_quota_bytes: account_quota_mb.saturating_mul(1024 * 1024),
                    requests_per_minute_per_ip: rate_per_ip,
                    requests_per_minute_per_token: rate_per_token,
                    accounts_per_hour_per_ip: accounts_per_hour,
                    failed_sign_ins_per_minute_per_ip: failed_sign_ins_per_minute,
                },
                allow_origins,
                rulebooks,
                library,
                connections: ConnectionLimits {
                    per_address: connections_per_ip.max(1),
                    total: connections.max(1),
                    ..ConnectionLimits::default()
                },
            };
            let db = match DatabaseTarget::parse(&db, db_pool, db_ca_file) {
                Ok(db) => db,
                Err(err) => {
                    eprintln!("error: {err}");
                    return ExitCode::FAILURE;
                }
            };
            let config = ServeConfig {
                addr,
                db,
                dist,
                options,
            };
            match runtime.block_on(serve::run(config)) {
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
    let mut filter = tracing_subscriber::EnvFilter::try_new(filter).unwrap_or_else(|err| {
        eprintln!("warning: ignoring the log filter {filter:?} ({err}); using info");
        tracing_subscriber::EnvFilter::new("info")
    });
    // The PostgreSQL driver logs the rows it sends and receives below info: names and identity
    // numbers would reach the log. Whatever the filter asks, it stays at info.
    for quiet in ["tokio_postgres=info", "postgres=info"] {
        if let Ok(directive) = quiet.parse() {
            filter = filter.add_directive(directive);
        }
    }
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// The notices the rules answer from: the built-in ones, and with a key those of a published
/// folder that verifies as a whole; else the error is said and the command fails.
fn answering_library(
    rulebooks: Option<&std::path::Path>,
    key: Option<&std::path::Path>,
) -> Result<Library, ExitCode> {
    let (Some(folder), Some(key)) = (rulebooks, key) else {
        return Ok(Library::built_in());
    };
    match pingjia_server::rulebook_cli::answering_books(folder, key) {
        Ok(books) => {
            let library = books
                .into_iter()
                .fold(Library::built_in(), |library, book| library.with(book));
            let versions: Vec<&str> = library.books().iter().map(|b| b.version).collect();
            tracing::info!("rules answer from the notices {versions:?}");
            Ok(library)
        }
        Err(why) => {
            eprintln!(
                "error: the published rulebooks cannot be answered from (fix them, or leave out --rulebook-key):\n{why}"
            );
            Err(ExitCode::FAILURE)
        }
    }
}
