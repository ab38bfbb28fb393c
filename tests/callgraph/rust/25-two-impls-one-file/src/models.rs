pub struct User {
    login: String,
}

impl User {
    pub fn new(login: &str) -> Self {
        User {
            login: login.to_string(),
        }
    }

    pub fn get(&self) -> &str {
        &self.login
    }
}

pub struct Group {
    name: String,
    members: Vec<User>,
}

impl Group {
    pub fn new(name: &str) -> Self {
        Group {
            name: name.to_string(),
            members: Vec::new(),
        }
    }

    pub fn add(&mut self, user: User) {
        self.members.push(user);
    }

    pub fn get(&self, index: usize) -> Option<&User> {
        // Vec's get (through the slice), not Group::get
        self.members.get(index)
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}
