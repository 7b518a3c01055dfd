//! Fills a receiver database with made-up submissions, for the listing benchmark
//! (`scripts/bench-receiver.sh`): `cargo run --release -p rubric-receiver --example fill -- DB ROWS [TEXT_LEN]` (DB: a SQLite
//! file or a `postgres://` URL).

#[path = "../tests/support/fill.rs"]
mod support;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(db), Some(rows)) = (args.first(), args.get(1).and_then(|n| n.parse().ok())) else {
        eprintln!("usage: fill DB ROWS [TEXT_LEN]");
        std::process::exit(2);
    };
    let text_len = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(300);
    let started = std::time::Instant::now();
    support::fill(&rubric_receiver::store::Database::parse(db), rows, text_len);
    println!(
        "{rows} submissions in {db} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
