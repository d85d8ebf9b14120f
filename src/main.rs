//! The `statecraft` command: parses arguments, calls the library, prints diagnostics.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};

use statecraft::{BuildOptions, BuildReport, Diagnostic, Error};

/// A line on standard output. A reader that went away (`statecraft check | head -1`)
/// is not an error of the build: the line is dropped, not a panic (exit code 101).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// A line on standard error, dropped like [`say!`]'s when nobody reads it.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

// Rendering makes and drops millions of small strings and values from two threads;
// glibc's allocator spent a tenth of the build in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "statecraft",
    version,
    about = "A static site generator for policy briefs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    #[command(
        after_help = "Examples:\n  statecraft build\n  statecraft build --root my-site --out /tmp/preview --base-url https://preview.example.org/\n  statecraft build --drafts --warn-links --out /tmp/preview"
    )]
    Build(BuildArgs),
    /// Check the whole site (front matter, links, templates) without writing anything.
    #[command(after_help = "Examples:\n  statecraft check\n  statecraft check --format json")]
    Check(BuildArgs),
    /// Build, then rebuild on every change to briefs, pages, configuration or theme.
    #[command(
        after_help = "Examples:\n  statecraft watch\n  statecraft watch --poll   # network drives, WSL2, containers"
    )]
    Watch(WatchArgs),
    /// Watch, and serve the site on 127.0.0.1 with live reload and an error overlay.
    #[command(
        after_help = "Examples:\n  statecraft serve\n  statecraft serve --port 8080 --open\n  statecraft serve --bind 0.0.0.0   # let other machines see it (think twice)"
    )]
    Serve {
        #[command(flatten)]
        watch: WatchArgs,
        /// Port to listen on.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. The default keeps the site private to this machine.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Publish the built site to a target declared under `deploy:` in site/config.yaml
    /// (an S3 or S3-compatible bucket, a git branch, a folder). Only new and changed
    /// files are sent; files gone from the site are deleted last.
    #[command(
        after_help = "Examples:\n  statecraft build && statecraft deploy\n  statecraft deploy production --dry-run\n  statecraft deploy pages --out /tmp/preview-build"
    )]
    Deploy(DeployArgs),
    /// Create a new site in DIR (configuration, an example brief, an about page).
    #[command(
        after_help = "Example:\n  statecraft init my-briefs && cd my-briefs && statecraft build"
    )]
    Init {
        /// Folder to create the site in (created if missing).
        dir: PathBuf,
    },
    /// Generate a synthetic corpus of N briefs for benchmarks (deterministic).
    #[command(
        after_help = "Examples:\n  statecraft bench-corpus --n 10000 /tmp/corpus-10k && statecraft build --root /tmp/corpus-10k --timings\n  statecraft bench-corpus --n 10000 --languages ru=0.1,ja=0.1 /tmp/corpus-10k-ru-ja   # 10% of the briefs also in Russian, 10% in Japanese"
    )]
    BenchCorpus {
        /// Number of briefs.
        #[arg(long, default_value_t = 1000)]
        n: usize,
        /// Seed; the same seed and N give the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Make each brief a bundle with one figure (a 1200x675 PNG) beside it.
        #[arg(long)]
        images: bool,
        /// Translate a share of the briefs (0 to 1) into each language: ru (Russian),
        /// ja (Japanese). Each language chooses its briefs; a brief may have both.
        #[arg(long, value_name = "LANG=SHARE,...")]
        languages: Option<statecraft::corpus::Languages>,
        /// Folder to create (must not exist or be empty).
        out: PathBuf,
    },
    /// Bring an existing archive over: a WordPress export or a Hugo site becomes a new site.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Work on the theme: `statecraft theme eject` copies the built-in one for editing.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Write briefs/<slug>.md for a new brief, with its front matter filled in.
    #[command(after_help = "Example:\n  statecraft new \"Japan's Energy Security After 2022\"")]
    New {
        /// Title of the brief; its slug becomes the file name.
        title: String,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Subcommand)]
enum ThemeCommand {
    /// Copy the built-in theme (templates, styles, scripts, translations, fonts) into
    /// a folder of the site, to edit it there. With the default folder,
    /// themes/default/, the site uses the copy at once; with another, set `theme:`.
    #[command(
        after_help = "Examples:\n  statecraft theme eject\n  statecraft theme eject --to themes/institute   # then `theme: institute` in site/config.yaml"
    )]
    Eject {
        /// The folder to write the theme into (must be missing or empty); relative to
        /// the site folder.
        #[arg(long, value_name = "DIR", default_value = "themes/default")]
        to: PathBuf,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import a WordPress export (Tools → Export → All content) into DIR.
    #[command(
        after_help = "Examples:\n  statecraft import wordpress export.xml my-site\n  statecraft import wordpress export.xml my-site-2 --mapping my-site/import/taxonomy.yaml --media uploads\n\nThe import writes import/report.md (what was converted, what needs a person),\nimport/taxonomy.yaml (categories and tags to topics and tags, to review) and\nimport/media.tsv with import/download-media.sh (media still on the old site)."
    )]
    Wordpress {
        /// The WXR file WordPress exported.
        export: PathBuf,
        #[command(flatten)]
        args: ImportArgs,
        /// A local copy of the site's `wp-content/uploads` folder: media found there
        /// are copied into the site and their references rewritten.
        #[arg(long, value_name = "DIR")]
        media: Option<PathBuf>,
    },
    /// Import a Hugo site (its content/ and static/ folders) into DIR.
    #[command(after_help = "Example:\n  statecraft import hugo ~/src/old-hugo-site my-site")]
    Hugo {
        /// The Hugo site's folder (the one holding content/).
        site: PathBuf,
        #[command(flatten)]
        args: ImportArgs,
    },
}

#[derive(Args)]
struct ImportArgs {
    /// The folder to create the site in; it must be missing or empty.
    dir: PathBuf,
    /// A reviewed taxonomy mapping (import/taxonomy.yaml of an earlier import).
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
}

#[derive(Args)]
struct BuildArgs {
    /// The site folder (the one holding site/config.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Output folder [default: ROOT/public].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Override `base_url` from the configuration, e.g. for a preview deploy.
    #[arg(long, value_name = "URL", value_parser = absolute_url)]
    base_url: Option<String>,
    /// Include briefs marked `draft: true`, with a banner and `noindex` (a preview:
    /// give an --out folder other than the one you publish).
    #[arg(long)]
    drafts: bool,
    /// Include briefs dated in the future, with a banner and `noindex` (a preview, like
    /// --drafts).
    #[arg(long)]
    future: bool,
    /// Report broken internal links as warnings instead of errors.
    #[arg(long)]
    warn_links: bool,
    /// Write into an output folder that statecraft did not create (replacing its contents).
    #[arg(long)]
    force: bool,
    /// Write internal links relative to each page, so the folder works from any path and
    /// when opened from disk (file://). Feeds, sitemap and canonical links stay absolute.
    #[arg(long)]
    relative: bool,
    /// Minify HTML pages: shorten whitespace and drop comments (the markup is unchanged,
    /// so pages stay valid). Also `minify: true` in the configuration.
    #[arg(long)]
    minify: bool,
    /// Make no PDF editions of briefs (faster previews); attached `pdf:` files are kept.
    #[arg(long)]
    no_pdf: bool,
    /// Print how long each stage took (load, parse, link, render, write).
    #[arg(long)]
    timings: bool,
    /// How to print problems: `text` for people, `json` (one object per line) for tools.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Args)]
struct DeployArgs {
    /// The target's name under `deploy:` (may be left out when there is only one).
    target: Option<String>,
    /// The site folder (the one holding site/config.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The built output folder to publish [default: ROOT/public].
    #[arg(long)]
    out: Option<PathBuf>,
    /// The address the build was made for. Not needed: the build records it, and a
    /// different one is refused. (Builds of versions that did not record it use this,
    /// else the configured base_url.)
    #[arg(long, value_name = "URL", value_parser = absolute_url)]
    base_url: Option<String>,
    /// List what would be uploaded and deleted, and change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Send every file whatever the target's manifest says, and deploy to a target that
    /// holds files statecraft did not put there (those are never deleted).
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct WatchArgs {
    #[command(flatten)]
    build: BuildArgs,
    /// Poll for changes instead of using the system's file notifications (for network
    /// drives, WSL2 and containers, where notifications are unreliable).
    #[arg(long)]
    poll: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

impl BuildArgs {
    fn options(&self) -> BuildOptions {
        BuildOptions {
            out: self.out.clone().unwrap_or_else(|| self.root.join("public")),
            root: self.root.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            future: self.future,
            default_out: self.out.is_none(),
            warn_links: self.warn_links,
            force: self.force,
            relative: self.relative,
            minify: self.minify,
            no_pdf: self.no_pdf,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(&args, false),
        Command::Check(args) => run_build(&args, true),
        Command::Init { dir } => match statecraft::scaffold::init(&dir) {
            Ok(created) => {
                for file in created {
                    say!("created {}", file.display());
                }
                say!("next: cd {} && statecraft build", dir.display());
                ExitCode::SUCCESS
            }
            Err(err) => usage_error(&err.to_string()),
        },
        Command::Watch(args) => run_watch(&args, None),
        Command::Serve {
            watch,
            port,
            bind,
            open,
        } => run_watch(&watch, Some((std::net::SocketAddr::new(bind, port), open))),
        Command::Deploy(args) => run_deploy(&args),
        Command::BenchCorpus {
            n,
            seed,
            images,
            languages,
            out,
        } => {
            let languages = languages.unwrap_or_default();
            match statecraft::corpus::generate_with_languages(&out, n, seed, images, &languages) {
                Ok(()) => {
                    let translations: Vec<String> = languages
                        .translations(n)
                        .iter()
                        .map(|(language, count)| format!("{count} in {}", language.code()))
                        .collect();
                    if translations.is_empty() {
                        say!("wrote {n} briefs to {}", out.display());
                    } else {
                        say!(
                            "wrote {n} briefs and translations ({}) to {}",
                            translations.join(", "),
                            out.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(err) => usage_error(&err.to_string()),
            }
        }
        Command::Import(command) => run_import(command),
        Command::Theme(ThemeCommand::Eject { to, root }) => run_eject(&root, &to),
        Command::New { title, root } => {
            let config = match statecraft::load_config(&root, None) {
                Ok(config) => config,
                Err(Error::NoSite(problem)) => {
                    print_diagnostics(&[problem], Format::Text);
                    return ExitCode::from(2);
                }
                Err(Error::Content(problems)) => {
                    print_diagnostics(&problems, Format::Text);
                    return ExitCode::from(1);
                }
                Err(err) => return usage_error(&err.to_string()),
            };
            let today = chrono::Local::now()
                .date_naive()
                .format("%Y-%m-%d")
                .to_string();
            match statecraft::scaffold::new_brief(&root, &config, &title, &today) {
                Ok(path) => {
                    say!(
                        "created {} (a draft: remove `draft: true` to publish it)",
                        path.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(err) => usage_error(&err.to_string()),
            }
        }
    }
}

/// `statecraft theme eject`: the theme's files into `root/to`, and what to do next.
fn run_eject(root: &std::path::Path, to: &std::path::Path) -> ExitCode {
    let dir = root.join(to);
    match statecraft::scaffold::eject_theme(&dir) {
        Ok(created) => {
            say!(
                "wrote {} files of the default theme into {}",
                created.len(),
                dir.display()
            );
            let themes = root.join("themes");
            match dir.strip_prefix(&themes).ok().and_then(|rest| rest.to_str()) {
                Some("default") => say!(
                    "next: edit them; the site uses this copy instead of the built-in theme"
                ),
                Some(name) if !name.contains(['/', '\\']) => say!(
                    "next: set `theme: {name}` in site/config.yaml, then edit the files"
                ),
                _ => say!(
                    "next: move the folder to themes/<name>/ and set `theme: <name>` in site/config.yaml"
                ),
            }
            ExitCode::SUCCESS
        }
        Err(err) => usage_error(&err.to_string()),
    }
}

fn run_import(command: ImportCommand) -> ExitCode {
    let (result, dir) = match command {
        ImportCommand::Wordpress {
            export,
            args,
            media,
        } => {
            let options = statecraft::import::ImportOptions {
                mapping: args.mapping,
                media,
            };
            let result = statecraft::import::import_wordpress(&export, &args.dir, &options);
            (result, args.dir)
        }
        ImportCommand::Hugo { site, args } => {
            let options = statecraft::import::ImportOptions {
                mapping: args.mapping,
                media: None,
            };
            (
                statecraft::import::import_hugo(&site, &args.dir, &options),
                args.dir,
            )
        }
    };
    match result {
        Ok(report) => {
            say!("imported into {}: {}", dir.display(), report.summary());
            say!(
                "next: read {} then cd {} && statecraft check",
                dir.join("import/report.md").display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(err) => usage_error(&err.to_string()),
    }
}

fn run_build(args: &BuildArgs, check_only: bool) -> ExitCode {
    let started = Instant::now();
    let options = args.options();
    let result = if check_only {
        statecraft::check(&options)
    } else {
        statecraft::build(&options)
    };
    match result {
        Ok(report) => {
            print_diagnostics(&report.diagnostics, args.format);
            if args.format == Format::Text {
                print_summary(&report, &options, check_only, started);
            }
            if args.timings {
                print_timings(&report.timings);
            }
            ExitCode::SUCCESS
        }
        Err(Error::Content(problems)) => {
            print_diagnostics(&problems, args.format);
            if args.format == Format::Text {
                print_broken_links_by_file(&problems);
                let errors = problems.iter().filter(|d| d.is_error()).count();
                let warnings = problems.len() - errors;
                tell!(
                    "{} failed: {errors} error(s), {warnings} warning(s); nothing was written",
                    if check_only { "check" } else { "build" }
                );
            }
            ExitCode::from(1)
        }
        Err(Error::NoSite(problem)) => {
            print_diagnostics(&[problem], args.format);
            ExitCode::from(2)
        }
        Err(err) => {
            let (code, hint) = match err {
                // Only a folder statecraft did not make yields to --force.
                Error::UnsafeOutput(statecraft::write::UnsafeOutput::Foreign(_)) => (
                    "E-unsafe-output",
                    "choose another --out folder, or pass --force to replace a folder statecraft did not make",
                ),
                Error::UnsafeOutput(_) => (
                    "E-unsafe-output",
                    "choose another --out folder (--force does not change this)",
                ),
                Error::PreviewIntoPublished(_) => (
                    "E-preview-output",
                    "give the preview its own folder, e.g. `--out preview` (an explicit `--out public` writes there all the same)",
                ),
                _ => ("E-write", "check the disk's space and the output folder's permissions"),
            };
            let problem = Diagnostic::error(code, err.to_string()).hint(hint);
            print_diagnostics(&[problem], args.format);
            ExitCode::from(2)
        }
    }
}

/// `deploy`: one line for the plan, a progress line per batch, a summary at the end;
/// with `--dry-run`, every file that would be sent or deleted.
fn run_deploy(args: &DeployArgs) -> ExitCode {
    let out = args.out.clone().unwrap_or_else(|| args.root.join("public"));
    // Host rules name the address the output was built for (its marker records it).
    let base_url = match statecraft::deploy::base_url_for(&out, args.base_url.as_deref()) {
        Ok(url) => url,
        Err(err) => return usage_error(&format!("{err}\nhint: {}", err.hint())),
    };
    let config = match statecraft::load_config(&args.root, base_url.as_deref()) {
        Ok(config) => config,
        Err(Error::NoSite(problem)) => {
            print_diagnostics(&[problem], Format::Text);
            return ExitCode::from(2);
        }
        Err(Error::Content(problems)) => {
            print_diagnostics(&problems, Format::Text);
            return ExitCode::from(1);
        }
        Err(err) => return usage_error(&err.to_string()),
    };
    if args.base_url.is_none() {
        if let (Some(built), Ok(configured)) =
            (&base_url, statecraft::load_config(&args.root, None))
        {
            let configured = configured.base_url.root();
            if !statecraft::deploy::same_address(built, &configured) {
                tell!(
                    "warning: {} was built with --base-url {built}, not for the configured {configured}: it is deployed for {built}",
                    out.display()
                );
            }
        }
    }
    let options = statecraft::deploy::DeployOptions {
        out,
        root: args.root.clone(),
        target: args.target.clone(),
        dry_run: args.dry_run,
        force: args.force,
    };
    if statecraft::deploy::site::is_preview(&options.out) {
        tell!(
            "warning: {} was built with --drafts or --future: its drafts and scheduled briefs are published too",
            options.out.display()
        );
    }
    let mut progress = |event| match event {
        statecraft::deploy::Progress::Planned(send, delete, unchanged) => {
            tell!("{send} to send, {delete} to delete, {unchanged} unchanged")
        }
        statecraft::deploy::Progress::Sent(done, total) if total > 500 => {
            tell!("sent {done} of {total}")
        }
        statecraft::deploy::Progress::Sent(..) => {}
    };
    match statecraft::deploy::deploy(&options, &config, &mut progress) {
        Ok(report) => {
            let megabytes = report.bytes as f64 / 1_000_000.0;
            if args.dry_run {
                for (path, change) in &report.uploaded {
                    say!("upload {path} ({change})");
                }
                for path in &report.deleted {
                    say!("delete {path}");
                }
                say!(
                    "dry run, nothing changed on {}: {} to upload, {} to delete, {} unchanged, {megabytes:.2} MB",
                    report.target,
                    report.uploaded.len(),
                    report.deleted.len(),
                    report.unchanged
                );
            } else {
                say!(
                    "deployed to {}: {} uploaded, {} deleted, {} unchanged, {megabytes:.2} MB sent in {:.1} s",
                    report.target,
                    report.uploaded.len(),
                    report.deleted.len(),
                    report.unchanged,
                    report.elapsed.as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Err(err) => usage_error(&format!("{err}\nhint: {}", err.hint())),
    }
}

/// `watch`, and with `serve` set, `serve`: rebuild on change, one line per rebuild.
fn run_watch(args: &WatchArgs, serve: Option<(std::net::SocketAddr, bool)>) -> ExitCode {
    let options = args.build.options();
    if let Err(err) = statecraft::build::check_preview_output(&options) {
        return usage_error(&format!(
            "{err}\nhint: give the preview its own folder, e.g. `--out preview`"
        ));
    }
    if let Err(err) =
        statecraft::write::check_output_folder(&options.root, &options.out, options.force)
    {
        return usage_error(&format!("refusing to write the site into {err}\nhint: choose another --out folder, or pass --force"));
    }
    let live = std::sync::Arc::new(statecraft::dev::serve::LiveReload::default());
    let base_path = match statecraft::load_config(&options.root, options.base_url.as_deref()) {
        Ok(config) => config.base_url.path,
        Err(Error::NoSite(problem)) => {
            print_diagnostics(&[problem], Format::Text);
            return ExitCode::from(2);
        }
        Err(_) => "/".to_string(),
    };
    let server = match serve {
        Some((address, open)) => match start_server(&options, &base_path, address, open, &live) {
            Ok(server) => Some(server),
            Err(code) => return code,
        },
        None => None,
    };
    let format = args.build.format;
    let mut session = statecraft::dev::session::Session::new(options.clone());
    let result = statecraft::dev::watch::watch(&mut session, args.poll, |result| match result {
        Ok(rebuild) if rebuild.pdfs_only => {
            // Nothing a browser shows changed: no reload.
            print_diagnostics(&rebuild.diagnostics, format);
            say!(
                "PDFs: {} written ({} typeset), {} removed in {:.0} ms",
                rebuild.files_written,
                rebuild.pdfs_typeset,
                rebuild.files_removed,
                rebuild.elapsed.as_secs_f64() * 1000.0
            );
        }
        Ok(rebuild) => {
            print_diagnostics(&rebuild.diagnostics, format);
            print_rebuild(rebuild);
            if args.build.timings {
                print_timings(&rebuild.timings);
            }
            if let Some(server) = &server {
                server.follow_base_path(&rebuild.base_path);
            }
            if rebuild.css_only {
                live.swap_stylesheets(&stylesheet_urls(&options.out, &rebuild.base_path));
            } else {
                live.reload();
            }
        }
        Err(Error::Content(problems)) => {
            print_diagnostics(problems, format);
            tell!(
                "rebuild failed: the last good site is still in {}",
                options.out.display()
            );
            let report: String = problems
                .iter()
                .map(|p| p.render(false))
                .collect::<Vec<_>>()
                .join("\n");
            live.fail(&report);
        }
        Err(err) => {
            tell!("error: {err}");
            live.fail(&err.to_string());
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => usage_error(&format!("watching failed: {err} (try --poll)")),
    }
}

/// Starts the development server on `address`, opening the site in a browser when
/// asked.
fn start_server(
    options: &BuildOptions,
    base_path: &str,
    address: std::net::SocketAddr,
    open: bool,
    live: &std::sync::Arc<statecraft::dev::serve::LiveReload>,
) -> Result<statecraft::dev::serve::DevServer, ExitCode> {
    if let Err(err) = std::fs::create_dir_all(&options.out) {
        return Err(usage_error(&format!(
            "cannot create {}: {err}",
            options.out.display()
        )));
    }
    let server = statecraft::dev::serve::start(
        &options.out,
        base_path,
        address,
        std::sync::Arc::clone(live),
    )
    .map_err(|err| {
        let hint = match err.kind() {
            std::io::ErrorKind::AddrInUse => format!(
                " (another program, perhaps another `statecraft serve`, uses port {}: stop it or choose another with --port {})",
                address.port(),
                address.port().wrapping_add(1)
            ),
            _ => String::new(),
        };
        usage_error(&format!("cannot listen on {address}: {err}{hint}"))
    })?;
    let url = format!("http://{}{base_path}", server.address);
    say!(
        "serving {} at {url} (Ctrl+C to stop)",
        options.out.display()
    );
    if open {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        let _ = std::process::Command::new(opener).arg(&url).spawn();
    }
    Ok(server)
}

/// One line per rebuild: what triggered it, what was rendered and written, how long.
fn print_rebuild(rebuild: &statecraft::dev::session::Rebuild) {
    let what = if rebuild.changed.is_empty() {
        "built".to_string()
    } else {
        // A theme ejected or a folder of briefs copied in is dozens of files: the
        // first few are named.
        const NAMED: usize = 3;
        let mut names: Vec<String> = rebuild
            .changed
            .iter()
            .take(NAMED)
            .map(|p| p.display().to_string())
            .collect();
        if rebuild.changed.len() > NAMED {
            names.push(format!("{} more files", rebuild.changed.len() - NAMED));
        }
        format!("rebuilt after {}", names.join(", "))
    };
    say!(
        "{what}: {} pages rendered, {} files written, {} removed in {:.0} ms",
        rebuild.pages_rendered,
        rebuild.files_written,
        rebuild.files_removed,
        rebuild.elapsed.as_secs_f64() * 1000.0
    );
}

fn print_timings(t: &statecraft::Timings) {
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    tell!(
        "timings: load {:.1} ms, parse {:.1} ms, link {:.1} ms, images {:.1} ms, render {:.1} ms (search index {:.1} ms, PDFs {:.1} ms), write {:.1} ms",
        ms(t.load),
        ms(t.parse),
        ms(t.link),
        ms(t.images),
        ms(t.render),
        ms(t.search),
        ms(t.pdf),
        ms(t.write)
    );
}

/// URLs of the stylesheets now in the output folder, for swapping them in browsers.
fn stylesheet_urls(out: &std::path::Path, base_path: &str) -> Vec<String> {
    std::fs::read_dir(out)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".css"))
                .map(|name| format!("{base_path}{name}"))
                .collect()
        })
        .unwrap_or_default()
}

fn print_summary(report: &BuildReport, options: &BuildOptions, check_only: bool, started: Instant) {
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let briefs = count(report.briefs, "brief", "briefs");
    let pages = count(report.pages, "page", "pages");
    let pdfs = format!(
        "{} ({} typeset, {} from the cache)",
        count(report.pdfs_typeset + report.pdfs_reused, "PDF", "PDFs"),
        report.pdfs_typeset,
        report.pdfs_reused
    );
    if check_only {
        say!(
            "checked {briefs}, {pages}, {} ({} broken), {pdfs} in {elapsed:.0} ms",
            count(report.links.links_checked, "link", "links"),
            report.links.links_broken
        );
    } else {
        say!(
            "built {briefs}, {pages}, {}, {pdfs} into {} in {elapsed:.0} ms",
            count(report.feeds, "feed", "feeds"),
            options.out.display()
        );
    }
}

fn print_broken_links_by_file(problems: &[Diagnostic]) {
    let mut by_file: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for problem in problems {
        if matches!(
            problem.code,
            "E-broken-link" | "E-broken-anchor" | "E-unknown-term"
        ) {
            let file = problem
                .file
                .as_ref()
                .map_or_else(String::new, |f| f.display().to_string());
            *by_file.entry(file).or_default() += 1;
        }
    }
    if !by_file.is_empty() {
        tell!("broken links by file:");
        for (file, count) in by_file {
            tell!("  {file}: {count}");
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic], format: Format) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for diagnostic in diagnostics {
        match format {
            Format::Json => say!("{}", diagnostic.to_json()),
            Format::Text => tell!("{}", diagnostic.render(color)),
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    tell!("error: {message}");
    ExitCode::from(2)
}

/// `--base-url`, checked as the configuration's `base_url` is: a usage error (exit
/// code 2) that names the flag, not a content error of the site.
fn absolute_url(url: &str) -> Result<String, String> {
    statecraft::model::urls::BaseUrl::parse(url)
        .map(|_| url.to_string())
        .map_err(|why| format!("{why}; give the address the site is published at, e.g. https://example.org/briefs/"))
}
