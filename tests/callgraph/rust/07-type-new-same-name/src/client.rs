use std::collections::HashMap;

pub struct Config {
    values: HashMap<String, String>,
}

impl Config {
    pub fn new(host: &str) -> Self {
        let mut values = HashMap::new();
        values.insert("host".to_string(), host.to_string());
        Config { values }
    }

    pub fn get(&self, key: &str) -> Option<String> {
        // HashMap::get, not this method
        self.values.get(key).cloned()
    }
}
