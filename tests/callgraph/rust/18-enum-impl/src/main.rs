mod command;
mod handlers;

use command::Command;

fn main() {
    let arg = std::env::args().nth(1).unwrap_or_else(|| "start".to_string());
    if let Some(cmd) = Command::parse(&arg) {
        cmd.run();
    }
}
