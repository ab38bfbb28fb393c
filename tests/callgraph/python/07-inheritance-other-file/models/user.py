from .base import Model


class User(Model):
    table = "users"

    def validate(self):
        super().validate()
        self.require("email")

    def activate_account(self):
        self.fields["active"] = True
        return self.save()
