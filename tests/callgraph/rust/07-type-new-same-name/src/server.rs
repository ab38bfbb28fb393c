pub struct Config {
    port: u16,
}

impl Config {
    pub fn new(port: u16) -> Self {
        Config { port }
    }

    pub fn get(&self, key: &str) -> String {
        match key {
            "port" => self.port.to_string(),
            _ => String::new(),
        }
    }
}
