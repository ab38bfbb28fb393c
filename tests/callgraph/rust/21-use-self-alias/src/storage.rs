use std::collections::BTreeSet;

pub struct Store {
    keys: BTreeSet<String>,
}

impl Store {
    pub fn new() -> Self {
        Store {
            keys: BTreeSet::new(),
        }
    }

    pub fn put(&mut self, key: &str) {
        self.keys.insert(key.to_string());
    }

    pub fn count(&self) -> usize {
        self.keys.len()
    }
}

pub fn open() -> Store {
    let mut store = Store::new();
    store.put("_meta");
    store
}
