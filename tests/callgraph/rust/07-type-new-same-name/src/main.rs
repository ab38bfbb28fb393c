mod client;
mod server;

use server::Config;

fn main() {
    let config = Config::new(8080);
    println!("{}", config.get("port"));
    connect();
}

fn connect() {
    let remote = client::Config::new("db.internal");
    println!("{}", remote.get("host").unwrap_or_default());
}
