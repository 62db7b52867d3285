//! `hopenow`: the HopeNow Bridge binary. Everything lives in the `bot` library.

fn main() -> std::process::ExitCode {
    bot::cli::main()
}
