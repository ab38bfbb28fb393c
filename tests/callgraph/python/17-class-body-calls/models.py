from fields import choices, field


def table_name(class_name):
    return class_name.lower() + "s"


class User:
    __table__ = table_name("User")
    name = field("str")
    role = choices("member", "admin")

    def describe_schema(self):
        return f"{self.__table__}: name={self.name['kind']} role={self.role['values']}"


class Group:
    __table__ = table_name("Group")
    members = field("list", default=[])


if __name__ == "__main__":
    print(User().describe_schema(), Group.__table__)
