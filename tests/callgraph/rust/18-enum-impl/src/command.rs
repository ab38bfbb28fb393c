use crate::handlers::{start, stop as halt};

#[derive(Debug, Clone, Copy)]
pub enum Command {
    Start,
    Stop,
}

impl Command {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "start" => Some(Command::Start),
            "stop" => Some(Command::Stop),
            _ => None,
        }
    }

    pub fn run(self) {
        match self {
            Command::Start => start(),
            Command::Stop => halt(true),
        }
    }
}
