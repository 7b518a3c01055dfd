//! `rubric-receiver`: see the crate documentation and `--help`.

use rubric_receiver::{start, Options};

#[tokio::main]
async fn main() {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let db = options.db.clone();
    match start(options).await {
        Ok(running) => {
            println!(
                "rubric-receiver: listening on http://{} (database {})",
                running.addr,
                db.display()
            );
            let _ = tokio::signal::ctrl_c().await;
        }
        Err(message) => {
            eprintln!("rubric-receiver: {message}");
            std::process::exit(1);
        }
    }
}
