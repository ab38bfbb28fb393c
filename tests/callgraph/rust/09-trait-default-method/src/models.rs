use crate::describe::Describe;

pub struct User {
    login: String,
}

pub struct Team {
    title: String,
}

impl User {
    pub fn new(login: &str) -> Self {
        User {
            login: login.to_string(),
        }
    }
}

impl Team {
    pub fn new(title: &str) -> Self {
        Team {
            title: title.to_string(),
        }
    }
}

impl Describe for User {
    fn name(&self) -> String {
        self.login.clone()
    }
}

impl Describe for Team {
    fn name(&self) -> String {
        self.title.to_uppercase()
    }

    fn describe(&self) -> String {
        let name = self.name();
        format!("team {}", name)
    }
}
