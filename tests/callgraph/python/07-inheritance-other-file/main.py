from models.user import User


def main():
    user = User(email="ada@example.com", name="Ada")
    print(user.activate_account())


if __name__ == "__main__":
    main()
